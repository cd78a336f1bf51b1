/* Briefing's Explore page: search, facets with counts, sorting, the whole list. Loaded by
   search.js on the Explore page only; the search engine and the results are search-ui.js's
   (the same module as the header box's: one engine, one copy of each bundle). */

import {
  element, getEngine, monthName, queryTerms, resultItem,
} from "./search-ui.js";

const PAGE = 20;
const FACETS = [
  ["type", "Type"], ["language", "Language"], ["year", "Year"], ["month", "Month"],
  ["tag", "Tag"], ["country", "Country"], ["actor", "Actor"], ["chip", "Chip"],
  ["policy", "Policy instrument"],
];
const SHOWN = 10;  // values of a long facet shown before "Show all"

function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = { q: params.get("q") || "", sort: params.get("sort") || "", filters: {} };
  for (const [key] of FACETS) {
    const values = params.getAll(key);
    if (values.length) state.filters[key] = values;
  }
  state.from = params.get("from") || "";
  state.to = params.get("to") || "";
  return state;
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.sort) params.set("sort", state.sort);
  for (const [key, values] of Object.entries(state.filters)) {
    for (const value of values) params.append(key, value);
  }
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  const query = params.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}

/* Pagefind filters for the state: any of the values within a facet, all facets together;
   the month range becomes the months within it. */
function pagefindFilters(state, months) {
  const filters = {};
  // Without a search term the page lists briefs (entity pages only when asked for).
  if (!state.q.trim() && !(state.filters.type || []).length) filters.type = { any: ["Brief"] };
  for (const [key, values] of Object.entries(state.filters)) {
    if (values.length) filters[key] = { any: values };
  }
  if (state.from || state.to) {
    const within = months.filter((m) => (!state.from || m >= state.from) &&
      (!state.to || m <= state.to));
    filters.month = { any: within.length ? within : ["none"] };
  }
  return filters;
}

function sortedValues(key, counts) {
  const values = Object.keys(counts);
  if (key === "year" || key === "month") return values.sort().reverse();
  return values.sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
}

export async function explorePage(container, root) {
  const search = getEngine(root);
  const state = readState();
  container.innerHTML = "";
  const form = element("form", "bx-form");
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Explore");
  form.addEventListener("submit", (event) => event.preventDefault());
  const input = element("input", "bx-input");
  Object.assign(input, { type: "search", name: "q", value: state.q, autocomplete: "off",
    placeholder: "Search the briefs, actors, chips, policy…" });
  input.setAttribute("aria-label", "Search the briefs");
  const sortLabel = element("label", "bx-sort", "Sort ");
  const sort = element("select");
  sort.name = "sort";
  for (const [value, text] of [["", "Relevance (newest first without a search term)"],
    ["desc", "Newest first"], ["asc", "Oldest first"]]) {
    const option = element("option", null, text);
    option.value = value;
    sort.append(option);
  }
  sort.value = state.sort;
  sortLabel.append(sort);
  form.append(input, sortLabel);
  const layout = element("div", "bx-layout");
  const aside = element("aside", "bx-facets");
  aside.setAttribute("aria-label", "Filters");
  // On a phone the filters start folded, so that the results come first.
  const facets = element("details", "bx-filters");
  facets.open = !window.matchMedia("(max-width: 44.984375em)").matches;
  facets.append(element("summary", null, "Filters"));
  aside.append(facets);
  const results = element("section", "bx-results");
  results.setAttribute("aria-label", "Results");
  const summary = element("p", "bx-summary");
  summary.setAttribute("role", "status");
  const list = element("ol", "bx-list");
  const more = element("button", "md-button bx-more", "Show more");
  more.type = "button";
  more.hidden = true;
  results.append(summary, list, more);
  layout.append(aside, results);
  container.append(form, layout);
  summary.textContent = "Loading the search index…";

  let all;
  try {
    all = await search.allFilters();
  } catch (error) {
    summary.textContent = `Search is not available: ${error.message}`;
    return;
  }
  const months = Object.keys(all.month || {}).sort();
  const boxes = {};
  let current = null;
  let serial = 0;

  function facetBox(key, title) {
    const values = sortedValues(key, all[key] || {});
    if (!values.length) return null;
    const box = element("fieldset", "bx-facet");
    box.dataset.facet = key;
    box.append(element("legend", null, title));
    if (key === "month") {
      for (const [name, label] of [["from", "From"], ["to", "To"]]) {
        const wrap = element("label", "bx-range", `${label} `);
        const select = element("select");
        select.name = name;
        select.append(Object.assign(element("option", null, "any month"), { value: "" }));
        for (const month of months.slice().reverse()) {
          const option = element("option", null, monthName(month));
          option.value = month;
          select.append(option);
        }
        select.value = state[name];
        select.addEventListener("change", () => {
          state[name] = select.value;
          update();
        });
        wrap.append(select);
        box.append(wrap);
      }
      return box;
    }
    const chosen = new Set(state.filters[key] || []);
    const items = element("ul", "bx-values");
    values.forEach((value, i) => {
      const item = element("li");
      if (i >= SHOWN && !chosen.has(value)) item.hidden = true;
      const label = element("label");
      const check = element("input");
      check.type = "checkbox";
      check.value = value;
      check.checked = chosen.has(value);
      check.addEventListener("change", () => {
        const set = new Set(state.filters[key] || []);
        if (check.checked) set.add(value); else set.delete(value);
        if (set.size) state.filters[key] = Array.from(set); else delete state.filters[key];
        update();
      });
      label.append(check, " ", element("span", "bx-value", value),
        " ", element("span", "bx-count", ""));
      item.append(label);
      items.append(item);
    });
    box.append(items);
    if (values.length > SHOWN) {
      const toggle = element("button", "bx-toggle", `Show all ${values.length}`);
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.addEventListener("click", () => {
        const open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        toggle.textContent = open ? "Show fewer" : `Show all ${values.length}`;
        items.querySelectorAll("li").forEach((li, i) => {
          li.hidden = !open && i >= SHOWN && !li.querySelector("input").checked;
        });
      });
      box.append(toggle);
    }
    return box;
  }

  for (const [key, title] of FACETS) {
    const box = facetBox(key, title);
    if (box) {
      boxes[key] = box;
      facets.append(box);
    }
  }

  function showCounts(counts) {
    for (const [key, box] of Object.entries(boxes)) {
      if (key === "month") {
        box.querySelectorAll("option[value]").forEach((option) => {
          if (!option.value) return;
          const n = (counts.month || {})[option.value] || 0;
          option.textContent = `${monthName(option.value)} (${n})`;
        });
        continue;
      }
      box.querySelectorAll("li").forEach((item) => {
        const value = item.querySelector("input").value;
        const n = (counts[key] || {})[value] || 0;
        item.querySelector(".bx-count").textContent = `(${n.toLocaleString("en")})`;
        item.classList.toggle("bx-empty", n === 0);
      });
    }
  }

  async function showMore() {
    const merged = current;
    const page = await merged.take(PAGE);
    if (merged !== current) return;
    const terms = queryTerms(state.q);
    for (const data of page) list.append(resultItem(data, terms, null));
    more.hidden = merged.read >= merged.total;
  }

  async function update() {
    writeState(state);
    const mine = (serial += 1);
    const term = state.q.trim() || null;
    // Without a search term there is no relevance: newest first.
    const order = state.sort || (term ? "" : "desc");
    const merged = await search.search(term, pagefindFilters(state, months), order);
    const counts = await merged.counts();
    if (mine !== serial) return;
    current = merged;
    list.replaceChildren();
    const n = merged.total;
    const what = term ? ` for “${state.q.trim()}”` : "";
    summary.textContent = `${n.toLocaleString("en")} result${n === 1 ? "" : "s"}${what}`;
    showCounts(counts);
    await showMore();
  }

  let timer = null;
  input.addEventListener("input", () => {
    state.q = input.value;
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  });
  sort.addEventListener("change", () => {
    state.sort = sort.value;
    update();
  });
  more.addEventListener("click", showMore);
  await update();
}
