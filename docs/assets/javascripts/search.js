/* Briefing search, the part every page loads (small): the search box in the header, the "/"
   shortcut, and the Explore page's mount point. The search itself (search-ui.js, Pagefind
   and its index) is loaded only when a reader starts to search, explore.js (which imports
   search-ui.js) only on the Explore page. */
(function () {
  "use strict";

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* default */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  var root = siteRoot();
  var ui = null;

  function loadUi() {
    if (!ui) {
      ui = import(new URL("assets/javascripts/search-ui.js", root).href).then(function (m) {
        return m;
      });
    }
    return ui;
  }

  var ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 ' +
    '1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 ' +
    '3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';

  function headerBox() {
    var inner = document.querySelector(".md-header__inner");
    if (!inner || inner.querySelector(".briefing-search")) return null;
    var explore = new URL("explore/", root).href;
    var form = document.createElement("form");
    form.className = "briefing-search";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Site");
    form.action = explore;
    form.innerHTML =
      '<a class="md-header__button md-icon briefing-search__icon" aria-label="Search">' + ICON +
      '</a><input class="briefing-search__input" type="search" name="q" autocomplete="off"' +
      ' spellcheck="false" placeholder="Search" aria-label="Search briefs, actors, chips,' +
      ' policy" role="combobox" aria-autocomplete="list" aria-expanded="false"' +
      ' aria-controls="briefing-search-results"><kbd class="briefing-search__key"' +
      ' aria-hidden="true">/</kbd><div class="briefing-search__panel"' +
      ' id="briefing-search-results" hidden></div>';
    form.querySelector("a").href = explore;
    var source = inner.querySelector(".md-header__source");
    inner.insertBefore(form, source);
    var input = form.querySelector("input");
    var started = false;
    function start() {
      if (started) return;
      started = true;
      loadUi().then(function (m) { m.headerSearch(form, input, root); });
    }
    input.addEventListener("focus", start);
    input.addEventListener("input", start);
    return input;
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" ||
      (target && target.isContentEditable);
  }

  function ready() {
    var input = headerBox();
    var page = document.querySelector("[data-briefing-explore]");
    if (page) {
      import(new URL("assets/javascripts/explore.js", root).href).then(function (m) {
        m.explorePage(page, root);
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target)) return;
      var box = document.querySelector("[data-briefing-explore] input[type=search]");
      var visible = input && input.offsetParent !== null ? input : null;
      var target = box || visible;
      event.preventDefault();
      if (target) {
        target.focus();
        target.select();
      } else {
        window.location.href = new URL("explore/", root).href;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
