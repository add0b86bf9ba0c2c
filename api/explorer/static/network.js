// ThemeGraph explorer: what the two network pages share (the data, the side panel, requests to
// the JSON API, drawing). Every text from the data reaches the page through textContent or
// vis-network's plain-text tooltips, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("explorer-data").textContent);
  var state = { ready: false, stabilized: false, firstDraw: null, busy: 0 };
  window.__explorer = state;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function link(href, text) {
    var a = el("a", text);
    a.setAttribute("href", href);
    return a;
  }

  // A same-origin path with these params added (a list adds the key once per value).
  function url(path, params) {
    var u = new URL(path, window.location.href);
    Object.keys(params || {}).forEach(function (k) {
      [].concat(params[k]).forEach(function (v) {
        if (v !== null && v !== undefined && v !== "") { u.searchParams.append(k, v); }
      });
    });
    return u.pathname + u.search;
  }

  function merge(a, b) {
    return Object.assign({}, a || {}, b || {});
  }

  function getJSON(path) {
    state.busy += 1;
    return fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error(body.detail || ("the server answered " + r.status)); }
          return body;
        });
      })
      .finally(function () { state.busy -= 1; });
  }

  var QUOTES_SHOWN = 5;
  var root = document.getElementById("panel");
  var panel = {
    token: 0,
    show: function (title, kind, text) {
      this.token += 1;
      root.querySelector("h2").textContent = title;
      root.querySelector(".panel-kind").textContent = kind || "";
      root.querySelector(".panel-text").textContent = text || "";
      ["links", "actions", "quotes"].forEach(function (part) {
        root.querySelector(".panel-" + part).replaceChildren();
      });
      root.dataset.node = "";
      return this;
    },
    link: function (href, text) {
      root.querySelector(".panel-links").append(link(href, text), " ");
      return this;
    },
    action: function (text, run) {
      var b = el("button", text);
      b.type = "button";
      b.addEventListener("click", run);
      root.querySelector(".panel-actions").append(b, " ");
      return this;
    },
    // The first quotes matching the filters, from /v1/quotes, and a link to all of them.
    quotes: function (filters) {
      var box = root.querySelector(".panel-quotes"), token = this.token;
      box.replaceChildren(el("p", "Loading the quotes…", "muted"));
      box.setAttribute("aria-busy", "true");
      return getJSON(url(data.urls.quotes_api, merge(filters, { limit: QUOTES_SHOWN }))).then(function (page) {
        if (token !== panel.token) { return; }
        box.replaceChildren();
        var head = el("p", page.total + (page.total === 1 ? " quote" : " quotes"), "panel-count");
        head.dataset.total = page.total;
        box.append(head);
        page.items.forEach(function (q) {
          var art = el("article", null, "quote small");
          art.dataset.quoteUid = q.uid;
          art.append(el("blockquote", q.text));
          var who = el("p", null, "meta");
          who.append(link(data.urls.expert + encodeURIComponent(q.expert), q.pseudonym),
                     q.profession ? ", " + q.profession : "");
          art.append(who);
          box.append(art);
        });
        if (page.total) {
          var all = el("p");
          all.append(link(url(data.urls.quotes, filters),
            page.total > page.items.length ? "All " + page.total + " quotes" : "Open these quotes"));
          box.append(all);
        }
        box.removeAttribute("aria-busy");
      }).catch(function (err) {
        if (token !== panel.token) { return; }
        box.replaceChildren(el("p", "The quotes could not be loaded: " + err.message, "error"));
        box.removeAttribute("aria-busy");
      });
    }
  };

  // Draw nodes and edges; the layout settles with physics, then freezes so nodes stop drifting.
  function draw(nodes, edges, options) {
    var container = document.getElementById("network");
    container.tabIndex = 0;
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    window.network = network;
    network.once("afterDrawing", function () { state.firstDraw = performance.now(); state.ready = true; });
    network.on("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      state.settledAt = state.settledAt || performance.now();
      state.stabilized = true;
    });
    if (!nodes.length) { state.ready = state.stabilized = true; }
    return network;
  }

  // Let physics place what was just added, then freeze again.
  function settle(network) {
    state.stabilized = false;
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(120);
  }

  function short(text, n) {
    return text.length > n ? text.slice(0, n - 1) + "\u2026" : text;
  }

  window.TG = { data: data, state: state, el: el, link: link, url: url, merge: merge, getJSON: getJSON,
                panel: panel, draw: draw, settle: settle, short: short };
})();
