// ThemeGraph view: draws the network from the JSON in #tg-data and makes nodes clickable.
// Every text from the graph reaches the page through textContent or vis-network's plain-text
// tooltips, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tg-data").textContent);
  var state = {
    ready: false, firstDraw: null, stabilized: !data.options.physics.enabled,
    nodes: data.nodes.length, edges: data.edges.length
  };
  window.__themegraph = state;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  network.once("afterDrawing", function () {
    state.firstDraw = performance.now();
    state.ready = true;
  });
  network.once("stabilizationIterationsDone", function () {
    // the layout has settled: freeze it so the nodes stop drifting under the pointer
    network.setOptions({ physics: { enabled: false } });
    state.stabilized = true;
  });

  var panel = document.getElementById("details");
  function show(heading, text, href, hint) {
    panel.querySelector("h2").textContent = heading;
    panel.querySelector(".text").textContent = text || "";
    var link = panel.querySelector("a");
    link.hidden = !href;
    if (href) { link.setAttribute("href", href); } else { link.removeAttribute("href"); }
    var hintBox = panel.querySelector(".hint");
    hintBox.hidden = !hint;
    hintBox.textContent = hint || "";
    panel.hidden = false;
  }
  panel.querySelector("button").addEventListener("click", function () { panel.hidden = true; });

  network.on("click", function (params) {
    if (params.nodes.length) {
      var n = nodes.get(params.nodes[0]);
      if (n.href) {
        window.location.assign(n.href);
        return;
      }
      show(n.name, n.title, null, n.command ? data.unlinked + "\n" + n.command : null);
    } else if (params.edges.length) {
      var e = edges.get(params.edges[0]);
      var from = nodes.get(e.from), to = nodes.get(e.to);
      show(from.name + " \u2192 " + to.name, e.title || e.kind, e.href || null, null);
    }
  });
})();
