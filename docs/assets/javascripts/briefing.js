/* Briefing site: sortable tables, card labels, a copy button for citations, and the entity graphs,
   drawn with the vendored Mermaid (docs/assets/vendor/), which is loaded only on a page
   that has a graph, when the graph comes near the screen: no request leaves the site. */
(function () {
  "use strict";
  var counter = 0;
  var script = document.currentScript;
  var MERMAID = "../vendor/mermaid/mermaid.esm.min.mjs";
  var loading = null;

  function theme() {
    var scheme = document.body && document.body.getAttribute("data-md-color-scheme");
    return scheme === "slate" ? "dark" : "default";
  }

  // Mermaid's ES module build: it loads only the chunks of the diagrams drawn.
  function loadMermaid() {
    if (!loading) {
      var url = new URL(MERMAID, script ? script.src : document.baseURI).href;
      loading = import(url).then(function (module) {
        window.mermaid = module.default;
      });
    }
    return loading;
  }

  function setup() {
    mermaid.initialize({
      startOnLoad: false,
      theme: theme(),
      // Labels are sanitised when the page is generated; antiscript keeps node links.
      securityLevel: "antiscript",
      fontFamily: "inherit",
      flowchart: { useMaxWidth: true }
    });
  }

  function renderGraph(box) {
    var source = box.getAttribute("data-source");
    var id = "briefing-graph-" + (counter += 1);
    return mermaid.render(id, source).then(function (result) {
      box.innerHTML = result.svg;
      if (result.bindFunctions) result.bindFunctions(box);
      box.setAttribute("data-rendered", "true");
    }).catch(function (error) {
      box.textContent = "Graph could not be drawn: " + error;
      box.setAttribute("data-rendered", "error");
    });
  }

  function draw(boxes) {
    return loadMermaid().then(function () {
      setup();
      boxes.forEach(renderGraph);
    }).catch(function (error) {
      boxes.forEach(function (box) {
        box.textContent = "Graph could not be drawn: " + error.message;
        box.setAttribute("data-rendered", "error");
      });
    });
  }

  function renderGraphs() {
    var blocks = document.querySelectorAll("pre.briefing-graph");
    if (!blocks.length) return;
    var boxes = Array.prototype.map.call(blocks, function (pre) {
      var box = document.createElement("div");
      box.className = "briefing-graph";
      box.setAttribute("data-source", pre.textContent);
      box.setAttribute("data-rendered", "waiting");
      pre.replaceWith(box);
      return box;
    });
    if (!("IntersectionObserver" in window)) {
      draw(boxes);
      return;
    }
    var seen = new IntersectionObserver(function (entries) {
      var near = entries.filter(function (e) { return e.isIntersecting; })
        .map(function (e) { return e.target; });
      if (!near.length) return;
      near.forEach(function (box) { seen.unobserve(box); });
      draw(near);
    }, { rootMargin: "300px" });
    boxes.forEach(function (box) { seen.observe(box); });
  }

  function redrawGraphs() {
    if (typeof mermaid === "undefined") return;
    var boxes = document.querySelectorAll("div.briefing-graph[data-rendered='true']");
    if (!boxes.length) return;
    setup();
    Array.prototype.forEach.call(boxes, renderGraph);
  }

  function sortTables() {
    if (typeof Tablesort === "undefined") return;
    var tables = document.querySelectorAll("article table:not([class])");
    Array.prototype.forEach.call(tables, function (table) {
      if (!table.hasAttribute("data-sortable")) {
        table.setAttribute("data-sortable", "true");
        new Tablesort(table);
      }
    });
  }

  // A table that becomes cards on a phone labels each cell with its column's name
  // (briefing.css, td::before). The names are taken from the header here rather than
  // written into every cell of every page: 3 KB a brief, 55 MB at 10,000 briefs.
  function labelCells() {
    var tables = document.querySelectorAll("table[data-cards]");
    Array.prototype.forEach.call(tables, function (table) {
      var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          if (names[index] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", names[index]);
          }
        });
      });
    });
  }

  // A button that copies the citation line of a brief (the text stays selectable).
  function citations() {
    Array.prototype.forEach.call(document.querySelectorAll("p.citation"), function (line) {
      var text = line.querySelector(".citation-text");
      if (!text || line.querySelector("button")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the citation");
      button.addEventListener("click", function () {
        var done = function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text.textContent.trim()).then(done);
        } else {
          var range = document.createRange();
          range.selectNodeContents(text);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          if (document.execCommand("copy")) done();
        }
      });
      line.appendChild(button);
    });
  }

  function ready() {
    labelCells();
    renderGraphs();
    sortTables();
    citations();
  }

  // Material's document$ emits on every page load (also with instant navigation).
  if (typeof document$ !== "undefined") {
    document$.subscribe(ready);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }

  // Redraw graphs in the matching colours when the reader toggles light/dark mode.
  new MutationObserver(redrawGraphs).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme"]
  });
})();
