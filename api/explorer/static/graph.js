// The graph page: codes (themes open on demand) and the professions that raised them; a click
// shows the quotes behind a node or an edge in the panel, a double-click opens a theme or adds
// a node's neighbours (/v1/graph/neighborhood), the search box finds any code or profession.
(function () {
  "use strict";
  var TG = window.TG, data = TG.data, panel = TG.panel;
  var codes = {}, profs = {}, extra = {};
  data.codes.forEach(function (c) { codes[c.id] = c; });
  data.professions.forEach(function (p) { profs[p.id] = p; });
  var open = new Set(data.opened);
  var KIND_OF = { Study: "study", Theme: "theme", SubTheme: "subtheme", Profession: "profession", Expert: "expert",
                  Quote: "quote", Source: "source", Concept: "concept" };
  var NEIGHBOURS = 40;
  var top = Math.max.apply(null, [1].concat(data.codes.map(function (c) { return c.experts; })));
  var topProf = Math.max.apply(null, [1].concat(data.professions.map(function (p) { return p.experts; })));
  var topEdge = Math.max.apply(null, [1].concat(data.codes.map(function (c) {
    return Math.max.apply(null, [0].concat(c.raised.map(function (r) { return r[1]; })));
  })));

  function below(c) {
    return c.children.reduce(function (n, id) { return n + 1 + below(codes[id]); }, 0);
  }
  function drawn(c) {
    for (var p = c.parent; p; p = codes[p].parent) { if (!open.has(p)) { return false; } }
    return true;
  }
  function leaf(c) { return !c.children.length || !open.has(c.id); }
  function kindName(kind) { return kind === "theme" ? "theme" : kind === "subtheme" ? "sub-theme" : kind; }

  function codeNode(c) {
    var hidden = c.children.length && !open.has(c.id);
    var fill = data.colours[c.category];
    return {
      id: c.id, kind: c.kind, group: c.kind, label: TG.short(c.name, 34) + (hidden ? " (+" + below(c) + ")" : ""),
      title: c.name + "\n" + kindName(c.kind) + " \u00b7 " + c.category + "\n" + c.experts + " experts, " + c.quotes +
        " quotes" + (hidden ? "\n" + below(c) + " codes below: double-click to open" : ""),
      size: Math.round((c.kind === "theme" ? 16 : 9) + 20 * Math.sqrt(c.experts / top)),
      color: { background: fill, border: hidden ? "#1F2328" : "#555F69",
               highlight: { background: fill, border: "#000000" }, hover: { background: fill, border: "#000000" } },
      borderWidth: hidden ? 3 : 1
    };
  }
  function profNode(p) {
    var fill = data.kinds.profession.colour;
    return { id: p.id, kind: "profession", group: "profession", label: p.name,
             title: p.name + "\nprofession \u00b7 " + p.experts + " experts in this study",
             size: Math.round(10 + 14 * Math.sqrt(p.experts / topProf)),
             color: { background: fill, border: "#1F2328", highlight: { background: fill, border: "#000000" } } };
  }

  var nodes = new vis.DataSet(), edges = new vis.DataSet();

  // The drawing for the codes open now: codes and professions, PART_OF edges, and each
  // profession's RAISED edges to the most specific codes drawn. Neighbours added stay.
  function rebuild(around) {
    var want = {}, wantEdges = {};
    data.professions.forEach(function (p) { want[p.id] = profNode(p); });
    data.codes.forEach(function (c) {
      if (!drawn(c)) { return; }
      want[c.id] = codeNode(c);
      if (c.parent) {
        wantEdges["part|" + c.id] = { id: "part|" + c.id, from: c.id, to: c.parent, kind: "PART_OF", width: 1 };
      }
      if (leaf(c)) {
        c.raised.forEach(function (r) {
          if (!profs[r[0]]) { return; }
          var id = "raised|" + r[0] + "|" + c.id;
          wantEdges[id] = { id: id, from: r[0], to: c.id, kind: "RAISED", experts: r[1], quotes: r[2],
                            width: Math.round((1 + 7 * r[1] / topEdge) * 10) / 10,
                            title: profs[r[0]].name + " \u2192 " + c.name + ": " + r[1] + " experts, " + r[2] + " quotes" };
        });
      }
    });
    var start = around && network ? network.getPositions([around])[around] : null;
    nodes.getIds().forEach(function (id) { if (!want[id] && !extra[id]) { nodes.remove(id); } });
    edges.get().forEach(function (e) {
      var core = e.kind === "RAISED" || e.id.indexOf("part|") === 0;
      if ((core && !wantEdges[e.id]) || !(want[e.from] || extra[e.from]) || !(want[e.to] || extra[e.to])) {
        edges.remove(e.id);
      }
    });
    Object.keys(want).forEach(function (id) {
      var n = want[id];
      if (!nodes.get(id) && start) { n.x = start.x + (Math.random() - 0.5) * 80; n.y = start.y + (Math.random() - 0.5) * 80; }
      nodes.update(n);
    });
    edges.update(Object.keys(wantEdges).map(function (id) { return wantEdges[id]; }));
  }

  var network = null;
  rebuild(null);
  network = TG.draw(nodes, edges, data.options);

  function toggle(c) {
    if (open.has(c.id)) {
      var stack = [c.id];
      while (stack.length) {  // closing a code closes everything under it
        var id = stack.pop();
        open.delete(id);
        stack.push.apply(stack, codes[id].children);
      }
    } else {
      open.add(c.id);
    }
    rebuild(c.id);
    TG.settle(network);
  }

  function neighbours(id) {
    var key = id.slice(id.indexOf("|") + 1);
    var at = network.getPositions([id])[id] || { x: 0, y: 0 };
    return TG.getJSON(TG.url(data.urls.neighborhood_api + encodeURIComponent(key),
                                 { depth: 1, limit: NEIGHBOURS, study: data.study }))
      .then(function (sub) {
        var added = 0;
        sub.nodes.forEach(function (n) {
          if (nodes.get(n.id) || codes[n.id]) { return; }  // drawn already, or hidden under a closed theme
          var kind = KIND_OF[n.label] || "concept";
          extra[n.id] = n;
          added += 1;
          nodes.add({ id: n.id, kind: kind, group: kind, label: TG.short(n.caption, kind === "quote" ? 24 : 30),
                      title: (kind === "quote" ? "\u201c" + n.caption + "\u201d" : n.caption) + "\n" + kindName(kind),
                      color: { background: data.kinds[kind].colour, border: "#555F69" },
                      x: at.x + (Math.random() - 0.5) * 120, y: at.y + (Math.random() - 0.5) * 120 });
        });
        sub.edges.forEach(function (e) {
          var eid = "n|" + e.source + "|" + e.type + "|" + e.target;
          if (nodes.get(e.source) && nodes.get(e.target) && !edges.get(eid)) {
            edges.add({ id: eid, from: e.source, to: e.target, kind: e.type, width: 1, dashes: true });
          }
        });
        TG.state.lastExpansion = { node: id, added: added, truncated: sub.truncated };
        if (added) { TG.settle(network); }
        return added;
      });
  }

  function show(id) {
    var c = codes[id], p = profs[id], n = extra[id];
    if (c) {
      panel.show(c.name, kindName(c.kind) + " \u00b7 " + c.category, c.experts + " experts, " + c.quotes + " quotes")
        .link(c.href, "Code page");
      if (c.children.length) {
        panel.action(open.has(c.id) ? "Close its sub-themes" : "Open its " + c.children.length + " sub-themes",
                     function () { toggle(c); show(id); });
      }
      panel.action("Add its neighbours", function () { neighbours(id); });
      panel.quotes(TG.merge(c.filter, data.filters.profession ? { profession: data.filters.profession } : {}));
    } else if (p) {
      panel.show(p.name, "profession", p.experts + " experts in this study").link(p.href, "Profession's quotes page");
      panel.action("Add its experts", function () { neighbours(id); });
      panel.quotes(TG.merge(p.filter, data.filters.category ? { category: data.filters.category } : {}));
    } else if (n) {
      var kind = KIND_OF[n.label] || "node", key = id.slice(id.indexOf("|") + 1);
      panel.show(kind === "quote" ? "Quote" : n.caption, kindName(kind), kind === "quote" ? n.props.text : "");
      panel.action("Add its neighbours", function () { neighbours(id); });
      if (kind === "expert") {
        panel.link(data.urls.expert + encodeURIComponent(key), "Expert page").quotes({ expert: key });
      } else if (kind === "theme" || kind === "subtheme") {
        panel.link(data.urls.code + encodeURIComponent(key), "Code page").quotes(kind === "theme" ? { theme: key } : { subtheme: key });
      }
    }
    document.getElementById("panel").dataset.node = id;
  }

  function showEdge(id) {
    var e = edges.get(id);
    if (!e || e.kind !== "RAISED") {
      var a = nodes.get(e.from), b = nodes.get(e.to);
      panel.show(a.label + " \u2014 " + b.label, e.kind, "");
      return;
    }
    var p = profs[e.from], c = codes[e.to];
    panel.show(p.name + " \u2192 " + c.name, "raised by " + e.experts + " of " + p.experts + " " + p.name + " experts",
               e.quotes + " quotes").link(c.href, "Code page");
    panel.quotes(TG.merge(c.filter, p.filter));
  }

  network.on("click", function (params) {
    if (params.nodes.length) { show(params.nodes[0]); } else if (params.edges.length) { showEdge(params.edges[0]); }
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) { return; }
    var c = codes[params.nodes[0]];
    if (c && c.children.length) { toggle(c); show(c.id); } else { neighbours(params.nodes[0]); }
  });

  function reveal(id) {
    var c = codes[id];
    if (c && !drawn(c)) {
      for (var p = c.parent; p; p = codes[p].parent) { open.add(p); }
      rebuild(c.parent);
      TG.settle(network);
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    show(id);
  }

  // Search: every code (drawn or not), profession and added node whose name holds the words; Enter goes to the next.
  var found = [], at = -1, last = "";
  document.getElementById("search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = document.getElementById("search-q").value.trim().toLowerCase(), out = document.getElementById("search-out");
    if (!text) { out.textContent = ""; return; }
    if (text !== last) {
      last = text;
      at = -1;
      found = data.codes.map(function (c) { return [c.id, c.name]; })
        .concat(data.professions.map(function (p) { return [p.id, p.name]; }))
        .concat(Object.keys(extra).map(function (id) { return [id, extra[id].caption]; }))
        .filter(function (x) { return x[1].toLowerCase().indexOf(text) >= 0; })
        .map(function (x) { return x[0]; });
    }
    if (!found.length) { out.textContent = "no match"; return; }
    at = (at + 1) % found.length;
    out.textContent = (at + 1) + " of " + found.length + (found.length > 1 ? " (Enter: next)" : "");
    reveal(found[at]);
  });

  document.querySelectorAll("button[data-node]").forEach(function (b) {
    b.addEventListener("click", function () {
      reveal(b.dataset.node);
      document.getElementById("panel").scrollIntoView({ block: "nearest" });
    });
  });
  window.__explorer.openCode = function (id) { toggle(codes[id]); };
})();
