// The co-occurrence page: codes joined by the experts (or quotes) holding both; the slider
// hides the links held by fewer; a click shows a code or a pair in the panel.
(function () {
  "use strict";
  var TG = window.TG, data = TG.data, panel = TG.panel;
  var unit = data.unit === "quote" ? "quotes" : "experts";
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var top = Math.max.apply(null, [1].concat(data.nodes.map(function (n) { return n.units; })));
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var fill = data.colours[n.category];
    return { id: n.id, label: TG.short(n.name, 30), group: data.level === "theme" ? "theme" : "subtheme",
             title: n.name + "\n" + n.units + " " + unit + " hold it", size: Math.round(8 + 22 * Math.sqrt(n.units / top)),
             color: { background: fill, border: "#555F69", highlight: { background: fill, border: "#000000" } } };
  }));
  function hidden(l, t) { return l.count < t; }
  var edges = new vis.DataSet(data.links.map(function (l, i) {
    return { id: "l" + i, from: l.from, to: l.to, width: l.width, count: l.count, jaccard: l.jaccard,
             hidden: hidden(l, data.threshold), physics: !hidden(l, data.threshold),
             title: byId[l.from].name + " \u2194 " + byId[l.to].name + ": " + l.count + " " + unit + " (Jaccard " +
               l.jaccard.toFixed(2) + ")" };
  }));
  var network = TG.draw(nodes, edges, data.options);

  var slider = document.getElementById("threshold");
  function apply() {
    var t = Number(slider.value), shown = 0;
    edges.update(data.links.map(function (l, i) {
      var h = hidden(l, t);
      shown += h ? 0 : 1;
      return { id: "l" + i, hidden: h, physics: !h };
    }));
    document.getElementById("threshold-value").textContent = t;
    document.getElementById("threshold-out").textContent = "showing " + shown + " of " + data.links.length + " links";
    TG.state.shownLinks = shown;
  }
  slider.addEventListener("input", apply);
  apply();

  network.on("click", function (params) {
    if (params.nodes.length) {
      var n = byId[params.nodes[0]];
      var pairs = data.links.filter(function (l) { return (l.from === n.id || l.to === n.id) && l.count >= Number(slider.value); });
      panel.show(n.name, data.level === "theme" ? "theme" : "sub-theme", n.units + " " + unit + " hold it; " + pairs.length +
                 " links shown").link(n.href, "Code page");
      panel.quotes(n.filter);
    } else if (params.edges.length) {
      var e = edges.get(params.edges[0]), a = byId[e.from], b = byId[e.to];
      panel.show(a.name + " \u2194 " + b.name, "raised together",
                 e.count + " " + unit + " hold both (Jaccard " + e.jaccard.toFixed(2) + ")")
        .link(a.href, a.name).link(b.href, b.name);
    }
  });
})();
