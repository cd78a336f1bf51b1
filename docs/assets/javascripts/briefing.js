/* Briefing site: renders Mermaid graphs and makes tables sortable, with the vendored
   copies of Mermaid and tablesort (docs/assets/vendor/): no request leaves the site. */
(function () {
  "use strict";
  var counter = 0;

  function theme() {
    var scheme = document.body && document.body.getAttribute("data-md-color-scheme");
    return scheme === "slate" ? "dark" : "default";
  }

  function setup() {
    if (typeof mermaid === "undefined") return false;
    mermaid.initialize({
      startOnLoad: false,
      theme: theme(),
      // Labels are sanitised when the page is generated; antiscript keeps node links.
      securityLevel: "antiscript",
      fontFamily: "inherit",
      flowchart: { useMaxWidth: true }
    });
    return true;
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

  function renderGraphs() {
    var blocks = document.querySelectorAll("pre.briefing-graph");
    if (!blocks.length || !setup()) return;
    Array.prototype.forEach.call(blocks, function (pre) {
      var box = document.createElement("div");
      box.className = "briefing-graph";
      box.setAttribute("data-source", pre.textContent);
      pre.replaceWith(box);
      renderGraph(box);
    });
  }

  function redrawGraphs() {
    var boxes = document.querySelectorAll("div.briefing-graph[data-source]");
    if (!boxes.length || !setup()) return;
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

  function ready() {
    renderGraphs();
    sortTables();
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
