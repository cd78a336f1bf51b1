/* Briefing search over Pagefind: loaded by search.js when a reader starts to search.

   The site has one Pagefind bundle per language (pagefind/<language>/, each with its
   language's stemming; pagefind/bundles.json lists them). Each bundle's pagefind.js is its
   own module with its own WebAssembly, and every query runs in all of them; the results are
   merged by score, or by date when sorted, and the filter counts are added up.
   After an edit a language may also have a delta bundle (generator/search.py): the pages
   changed since its main bundle was built. It is merged into the main one (mergeIndex: the
   same WebAssembly), the main bundle's results of those pages are hidden and their filter
   values taken off the counts (Delta below).
   The header box (the best few results while typing) is here; the Explore page (search,
   facets with counts, sorting, the whole list) is explore.js, which builds on this module
   and is loaded only there, so that a first query does not download it. */

// A word every indexed page has (templates/search.j2): a list by filters alone looks it up,
// because Pagefind loads every chunk of the index for a search without a term.
const EVERY = "zzzevery";
const SUGGEST = 8;
// The filter that a delta bundle's pages carry (generator/search.py, Delta below).
const SEGMENT = "segment";
const KINDS = { actor: "Actor", country: "Country", chip: "Chip", policy: "Policy instrument" };
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

let engine = null;

/* --- the engine: every language's bundle, searched together ------------------------ */

class Engine {
  constructor(root) {
    this.root = root;
    this.ready = this.load();
    this.filtersLoaded = null;
  }

  async load() {
    const response = await fetch(new URL("pagefind/bundles.json", this.root));
    if (!response.ok) throw new Error(`pagefind/bundles.json: HTTP ${response.status}`);
    const { bundles } = await response.json();
    // Every bundle's pagefind.js is the same file: fetched once, and run as a module of its
    // own for each bundle (its state is per module).
    const script = await fetch(new URL(`pagefind/${bundles[0].path}/pagefind.js`, this.root));
    if (!script.ok) throw new Error(`pagefind.js: HTTP ${script.status}`);
    const source = new Blob([await script.text()], { type: "text/javascript" });
    const settings = {
      baseUrl: this.root.pathname,
      excerptLength: 26,
      ranking: { metaWeights: { title: 5, names: 2, summary: 1, forms: 1, date: 0, every: 0 } },
    };
    this.bundles = await Promise.all(bundles.map(async ({ language, path, delta }) => {
      const url = URL.createObjectURL(source);
      const pagefind = await import(url);
      URL.revokeObjectURL(url);
      // One bundle per language means one WebAssembly per language: on the main thread,
      // so that no worker script is loaded for each.
      await pagefind.options({
        basePath: new URL(`pagefind/${path}/`, this.root).pathname, noWorker: true, ...settings,
      });
      await pagefind.init();
      if (delta && delta.path) {
        await pagefind.mergeIndex(new URL(`pagefind/${delta.path}/`, this.root).pathname,
          { ...settings, mergeFilter: { [SEGMENT]: "delta" } });
      }
      return { language, pagefind, delta: delta ? new Delta(delta, this.root) : null };
    }));
  }

  /* Every filter's values with their counts over the whole site (loads all filter data). */
  async allFilters() {
    await this.ready;
    if (!this.filtersLoaded) {
      this.filtersLoaded = Promise.all(this.bundles.map(async (b) => {
        const counts = await b.pagefind.filters();
        return b.delta ? b.delta.correct(counts, b.delta.old) : counts;
      })).then(addCounts);
    }
    return this.filtersLoaded;
  }

  /* Results of term (null: every page) under filters, merged; sort is "" (relevance),
     "desc" or "asc" (by date). */
  async search(term, filters, sort) {
    await this.ready;
    const options = { filters };
    if (sort) options.sort = { date: sort };
    const words = term === null ? EVERY : term;
    const found = await Promise.all(this.bundles.map(async (b) => {
      if (b.delta) return b.delta.search(b.pagefind, words, options);
      const f = await b.pagefind.search(words, options);
      return f ? [{ results: f.results, counts: async () => f.filters }] : [];
    }));
    const terms = queryTerms(term);
    const kept = [];
    for (const part of found.flat()) if (await genuine(part.results, terms)) kept.push(part);
    return new Merged(kept, sort);
  }
}

/* A language's delta bundle as the search page uses it: the main bundle's pages it replaces
   or removes (old) and their filter values (loaded when a count needs them). The delta's
   pages carry a filter of their own (SEGMENT), so that a search asks the main bundle and
   the delta apart: each answers with its own results in its own order and its own counts. */
class Delta {
  constructor({ old, stale }, root) {
    this.old = new Set(old);
    this.staleUrl = new URL(`pagefind/${stale}`, root);
    this.stale = null;
  }

  /* The main bundle's results without its old pages, and the delta's, each with counts. */
  async search(pagefind, words, options) {
    const filters = options.filters || {};
    const main = await pagefind.search(words, {
      ...options, filters: { ...filters, [SEGMENT]: { none: ["delta"] } } });
    const delta = await pagefind.search(words, {
      ...options, filters: { ...filters, [SEGMENT]: "delta" } });
    if (!main || !delta) return [];
    const old = new Set(main.results.filter((r) => this.old.has(r.id)).map((r) => r.id));
    return [
      { results: main.results.filter((r) => !old.has(r.id)),
        counts: () => this.correct(main.filters, old) },
      { results: delta.results, counts: async () => delta.filters },
    ];
  }

  /* counts (value -> count per filter) without the filter values of the old pages in ids
     (the header box shows no counts: only the Explore page loads the stale file). */
  async correct(counts, ids) {
    if (!ids.size) return counts;
    if (!this.stale) {
      this.stale = fetch(this.staleUrl).then((r) => {
        if (!r.ok) throw new Error(`${this.staleUrl.pathname}: HTTP ${r.status}`);
        return r.json();
      });
    }
    const stale = await this.stale;
    const out = {};
    for (const [name, values] of Object.entries(counts || {})) out[name] = { ...values };
    for (const id of ids) {
      for (const [name, values] of Object.entries(stale[id] || {})) {
        for (const value of values) {
          if (out[name] && out[name][value]) out[name][value] -= 1;
        }
      }
    }
    return out;
  }
}

/* Whether a list of results matches the query. When a word is in none of a bundle's pages,
   Pagefind falls back to the longest indexed word that begins it, however short: German
   "Rechenzentrum" would find the English pages with an initial "R.", English "data" the
   German pages with "da". So the first result of each list is checked: every query word of
   four letters or more must share its first four letters (or all, when shorter) with a word
   it matched in the text, or with a word of the title or the names and forms fields. */
async function genuine(results, terms) {
  const first = results[0];
  const long = terms.map(fold).filter((t) => t.length > 3);
  if (!first || !long.length) return true;
  first.loaded = await first.data();
  const data = first.loaded;
  const text = (data.content || "").split(/[\r\n\s]+/g);
  const meta = data.meta || {};
  const words = (data.locations || []).map((i) => text[i] || "")
    .concat(...["title", "names", "forms", "summary"].map((k) => (meta[k] || "").split(/\s+/)))
    .map(fold);
  return long.every((t) => words.some((w) => w.startsWith(t.slice(0, 4))));
}

/* A word as Pagefind compares it: lower case, without diacritics and punctuation. */
function fold(word) {
  return word.normalize("NFD").replace(/[^\p{L}\p{N}]/gu, "").toLowerCase();
}

function addCounts(list) {
  const total = {};
  for (const counts of list) {
    for (const [name, values] of Object.entries(counts || {})) {
      const into = (total[name] = total[name] || {});
      for (const [value, count] of Object.entries(values)) {
        into[value] = (into[value] || 0) + count;
      }
    }
  }
  return total;
}

/* The results of all bundles as one list, read a page at a time. */
class Merged {
  constructor(found, sort) {
    this.sort = sort;
    const lists = found.map((f) => f.results);
    this.total = lists.reduce((n, list) => n + list.length, 0);
    this.found = found;
    if (sort) {
      // Each list of results is in date order already: merge them as they are read, by
      // the date of each list's next result (loading that result's data first).
      this.lists = lists.map((results) => ({ results, next: 0, head: null }));
    } else {
      this.ranked = lists.flat().sort((a, b) => b.score - a.score);
    }
    this.read = 0;
  }

  /* Each filter's values with their counts among the results. */
  async counts() {
    return addCounts(await Promise.all(this.found.map((f) => f.counts())));
  }

  async take(count) {
    const out = [];
    while (out.length < count && this.read < this.total) {
      out.push(this.sort ? await this.nextByDate() : this.ranked[this.read]);
      this.read += 1;
    }
    return Promise.all(out.map((r) => (r.loaded ? r.loaded : r.data())));
  }

  async nextByDate() {
    let best = null;
    for (const list of this.lists) {
      if (list.next >= list.results.length) continue;
      if (!list.head) {
        const result = list.results[list.next];
        result.loaded = await result.data();
        list.head = result;
      }
      const date = list.head.loaded.meta.date || "";  // undated: "", as its sort key
      const better = !best || (this.sort === "asc" ? date < best.date : date > best.date);
      if (better) best = { list, date };
    }
    const result = best.list.head;
    best.list.head = null;
    best.list.next += 1;
    return result;
  }
}

export function getEngine(root) {
  if (!engine) engine = new Engine(root);
  return engine;
}

/* --- showing a result ---------------------------------------------------------------- */

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function kind(data) {
  const filters = data.filters || {};
  if ((filters.type || [])[0] === "Brief") return "Brief";
  for (const key of Object.keys(KINDS)) if (filters[key]) return KINDS[key];
  return "Page";
}

export function monthName(value) {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  return match ? `${MONTHS[Number(match[2]) - 1]} ${match[1]}` : value;
}

/* An excerpt for a result that matched only through a word's other form (a lemma, the
   other spelling): the first word of the text that shares the query word's beginning,
   marked. Pagefind's own excerpt marks only words that match as they are written. */
function nearExcerpt(content, terms, size) {
  const words = content.split(/\s+/);
  for (const term of terms) {
    const stem = term.toLowerCase().slice(0, Math.max(4, term.length - 3));
    if (stem.length < 4) continue;
    const at = words.findIndex((w) => w.toLowerCase().replace(/^\W+/, "").startsWith(stem));
    if (at < 0) continue;
    const start = Math.max(0, at - Math.floor(size / 2));
    const box = element("span");
    box.append(words.slice(start, at).join(" ") + " ");
    box.append(element("mark", null, words[at]));
    box.append(" " + words.slice(at + 1, start + size).join(" "));
    return box;
  }
  return null;
}

function excerpt(data, terms) {
  const node = element("p", "bx-excerpt");
  if (!/<mark>/.test(data.excerpt || "") && terms.length) {
    const near = nearExcerpt(data.content || "", terms, 26);
    if (near) {
      node.append(near);
      return node;
    }
  }
  // Pagefind escapes the page text; its excerpt holds only <mark> elements.
  node.innerHTML = data.excerpt || "";
  return node;
}

/* A result: its title links to the page. In the header box's list (id given) the whole
   result is the link, as an option of the list box may hold no link of its own. */
export function resultItem(data, terms, id) {
  const item = element("li", "bx-result");
  const title = element(id ? "span" : "a", "bx-title", (data.meta && data.meta.title) || data.url);
  let box = item;
  if (id) {
    item.setAttribute("role", "none");
    box = element("a", "bx-option");
    Object.assign(box, { id, href: data.url, tabIndex: -1 });
    box.setAttribute("role", "option");
    item.append(box);
  } else {
    title.href = data.url;
  }
  box.append(title);
  const facts = element("div", "bx-meta");
  const date = data.meta && data.meta.date;
  const language = ((data.filters || {}).language || [])[0];
  const type = kind(data);
  facts.append(element("span", "bx-date", date || "undated"));
  if (language) facts.append(element("span", "bx-language", language));
  facts.append(element("span", `bx-type bx-type--${type === "Brief" ? "brief" : "entity"}`, type));
  box.append(facts, excerpt(data, terms));
  return item;
}

export function queryTerms(query) {
  return (query || "").replace(/"/g, " ").split(/\s+/).filter((t) => t.length > 1);
}

/* --- the header box ---------------------------------------------------------------- */

export function headerSearch(form, input, root) {
  const panel = form.querySelector(".briefing-search__panel");
  const search = getEngine(root);
  let active = -1;
  let serial = 0;

  function options() {
    return Array.from(panel.querySelectorAll("[role=option]"));
  }

  function close() {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function mark(index) {
    const items = options();
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  async function run() {
    // One letter would load a large part of the index for little use (Pagefind looks up
    // every word that begins with it): a query of one letter waits, and a last word of one
    // letter (the reader is on to the next word) is left out until it has more.
    const query = input.value.trim().replace(/(\S)\s+\S$/u, "$1");
    const mine = (serial += 1);
    if (query.length < 2) {
      close();
      return;
    }
    let merged;
    try {
      merged = await search.search(query, {}, "");
    } catch (error) {
      panel.replaceChildren(element("p", "bx-note", `Search is not available: ${error.message}`));
      panel.hidden = false;
      return;
    }
    // A newer query (the reader typed on) loads no results of this one.
    if (mine !== serial) return;
    const shown = await merged.take(SUGGEST);
    if (mine !== serial) return;
    const terms = queryTerms(query);
    const list = element("ul", "bx-list");
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    shown.forEach((data, i) => list.append(resultItem(data, terms, `briefing-search-option-${i}`)));
    const all = new URL("explore/", root);
    all.searchParams.set("q", query);
    const footer = element("p", "bx-note");
    if (merged.total) {
      const more = element("a", "bx-all", `All ${merged.total.toLocaleString("en")} result` +
        `${merged.total === 1 ? "" : "s"}, with filters and sorting`);
      more.href = all.href;
      footer.append(more);
    } else {
      footer.textContent = `Nothing found for “${query}”.`;
    }
    panel.replaceChildren(...(shown.length ? [list] : []), footer);
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (panel.hidden) return;
      event.preventDefault();
      mark(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = options()[active].href;
    } else if (event.key === "Escape") {
      if (!panel.hidden) {
        event.preventDefault();
        close();
      } else {
        input.blur();
      }
    }
  });
  panel.addEventListener("mousedown", (event) => event.preventDefault());  // keep focus
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("focus", () => {
    if (input.value.trim()) run();
  });
  if (input.value.trim()) run();
}

