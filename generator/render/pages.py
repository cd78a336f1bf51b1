"""Pages: which files the site has and what each is made from (template and inputs).

render() is pure: briefs in, a Pages mapping out ({path relative to docs/: text}), each page
made when it is read. Every page is made from its inputs alone: a template gets exactly its
context, a download its arguments; their digest (digest.py) is the page's key, so that
writer.write() renders again only the pages whose inputs changed. A template that needs more
data is handed more: its key then follows that data too, with nothing to declare.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import jinja2

from .. import display, provenance, searchterms
from ..display import (
    axis_ticks,
    by_kind,
    compact,
    distinct_amounts,
    headline_amounts,
    money,
    money_usd,
    money_with_usd,
    month_label,
    salient,
    sort_number,
)
from ..errors import RenderError
from ..models import Brief, Source
from ..provenance import host, web_address
from ..search import LANGUAGES_PATH, SEARCH_LANGUAGE
from ..searchterms import extra_forms
from . import downloads
from .digest import Digests, as_listed
from .model import (
    AmountRow,
    Entity,
    Link,
    ListedBrief,
    Model,
    Names,
    Rates,
    brief_path,
    build_model,
    default_rates,
    listed,
    listing,
    mermaid_graph,
    shown,
    sorted_briefs,
    tag_slugs,
)
from .related import RelatedMemo, related_all
from .text import (
    actor_html,
    actor_links,
    brief_article,
    escape_attr,
    escape_html,
    escape_md,
    escape_meta,
    fact_names,
    flow_yaml,
    format_number,
    iso_date,
    kind_title,
    language_name,
    long_date,
    mark,
    mark_html,
    month_title,
    paragraphs,
    site_link,
    slug,
    summary_in_body,
    url_depth,
)

PAGE_SIZE = 100
# Rows of the amounts, month and tag lists are short: five times as many per page; an
# entity's briefs come with their evidence sentence: twice.
LONG_PAGES = 5
# An entity's page lists the newest briefs that mention it, each with the sentence; Explore
# lists all of them (the link filters it by the entity), and so does the JSON download. The
# pages after the first of the busiest entities were 60 MB at 10,000 briefs.
ENTITY_MENTIONS = 50
# The newest amounts of an entity on its page; the amounts pages and the CSV have them all.
ENTITY_AMOUNTS = 20
KIND_ORDER = ("person", "organization", "government", "country")
LATEST = 10
EXPLORE_PATH = "explore/index.md"
CHART_MONTHS = 24
T = TypeVar("T")


def environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment over the project's templates folder (compiled templates are
    kept between calls; an edited template is reloaded)."""
    return _environment(str(templates.resolve()))


def keep_compiled(env: jinja2.Environment, folder: Path, key: str) -> None:
    """Keep env's compiled templates in folder (Jinja's bytecode cache, which checks each
    template's text itself), so that the next process loads them instead of compiling them
    again: about a second of every rebuild. key names what else the compiled code depends on
    (Jinja, the environment's options and filters); folders of other keys are removed."""
    version = metadata.version("jinja2")
    here = folder / hashlib.sha256(f"{key} jinja2 {version}".encode()).hexdigest()[:16]
    here.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old != here and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(here))


@functools.lru_cache(maxsize=8)
def _environment(templates: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        auto_reload=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=escape_md, attr=escape_attr, meta=escape_meta, mark=mark, paragraphs=paragraphs,
        marked_article=brief_article,
        h=escape_html, mark_html=mark_html, url=site_link, isodate=iso_date,
        actor_html=actor_html, actor_links=actor_links, salient=salient,
        distinct_amounts=distinct_amounts, money=money, money_usd=money_usd,
        money_with_usd=money_with_usd, sort_number=sort_number, compact=compact,
        axis_ticks=axis_ticks, month_label=month_label, web_address=web_address,
        host=host, headline_amounts=headline_amounts, by_kind=by_kind, long_date=long_date,
        slug=slug, number=format_number,
        language=language_name, kind_title=kind_title, month_title=month_title,
        brief_url=brief_path, fact_names=fact_names, summary_in_body=summary_in_body,
        search_forms=extra_forms,
        yaml=flow_yaml,
        json=downloads.json_text,
    )
    return env


def code_key(templates: Path) -> str:
    """A digest of what turns inputs into pages: the templates, this package and the
    modules its filters come from (display, provenance, searchterms with its spelling rules
    and simplemma), Jinja."""
    digest = hashlib.sha256(f"jinja2 {metadata.version('jinja2')}\n".encode())
    digest.update(f"searchterms {searchterms.forms_key()}\n".encode())
    package = Path(__file__).resolve().parent
    modules = [Path(m.__file__ or "") for m in (display, provenance)]
    for path in [*sorted(package.glob("*.py")), *modules]:
        digest.update(f"\n{path.name}\n".encode() + path.read_bytes())
    if templates.is_dir():
        for path in sorted(p for p in templates.rglob("*") if p.is_file()):
            digest.update(f"\n{path.relative_to(templates).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _listing(folder: str, number: int) -> str:
    return f"{folder}/index.md" if number == 1 else f"{folder}/page-{number}.md"


def _page(env: jinja2.Environment, template: str, path: str, context: Mapping[str, Any],
          ) -> str:
    depth = path.count("/")
    try:
        return env.get_template(template).render(
            root="../" * depth, uroot="../" * url_depth(path), page_path=path, **context)
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        name = getattr(exc, "filename", None) or template
        raise RenderError(f"template error: {exc}", path=name, line=line,
                          hint="fix the template; briefs are fine") from None


def _pager(number: int, count: int, path_of: Callable[[int], str]) -> list[tuple[int, str]]:
    """Links to the first, last and nearby pages; (0, "") marks a gap."""
    if count <= 1:
        return []
    shown = sorted({1, count, *range(max(1, number - 3), min(count, number + 3) + 1)})
    out: list[tuple[int, str]] = []
    for n in shown:
        if out and n - out[-1][0] > 1:
            out.append((0, ""))
        out.append((n, path_of(n)))
    return out


def _month(brief: Brief) -> str:
    return brief.date.strftime("%Y-%m") if brief.date else "undated"


def _chart_months(months: Sequence[str]) -> list[str]:
    """Every month from the first to the last dated one, at most the last CHART_MONTHS."""
    dated = sorted(m for m in months if m != "undated")
    if not dated:
        return []
    year, month = map(int, dated[0].split("-"))
    end = tuple(map(int, dated[-1].split("-")))
    out = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out[-CHART_MONTHS:]


@dataclass(frozen=True)
class Later:
    """A page input worked out only when the page is keyed or made (most pages of an edit
    are neither): make(*args)."""

    make: Callable[..., Any]
    args: tuple[Any, ...] = ()


def _worked_out(value: Any) -> Any:
    if isinstance(value, Later):
        return value.make(*value.args)
    if isinstance(value, dict) and any(isinstance(item, Later) for item in value.values()):
        return {key: _worked_out(item) for key, item in value.items()}
    return value


# Brief fields whose value reaches the pages only through the brief itself (no other
# input is worked out from them; extra: notes, review and merge conflicts, which its own
# page shows): a change to them alone changes only the pages the brief reaches (state.py).
# Every other field is the brief's structure.
TEXT_FIELDS: dict[str, Any] = {"title": "", "summary": "", "body": "", "url": None,
                               "source": Source("", ""), "sources": (), "extra": {}}


class Pages(Mapping[str, str | bytes]):
    """Generated files by path, each made from its inputs when it is read: writing 15,000
    pages one after the other never holds them all in memory; keyed() gives the digest of a
    page's inputs, which tells whether it needs to be made again. context is the digest
    of what the inputs are made of besides the briefs."""

    def __init__(self, code: str = "", briefs: Sequence[Brief] = (),
                 listings: Sequence[Brief] = ()) -> None:
        self.code = code
        self.context = ""
        self._make: dict[str, Callable[..., str | bytes]] = {}
        self._inputs: dict[str, tuple[Any, ...]] = {}
        self.digests = Digests(shared=(Brief, ListedBrief, Entity, Link, AmountRow))
        self._last: tuple[str | None, tuple[Any, ...]] = (None, ())
        self.briefs = {brief.slug: brief for brief in briefs}
        self.unique = len(self.briefs) == len(briefs)  # no two briefs of one slug
        # The briefs and their listing forms (model.ListedBrief), in the same order.
        self._all = tuple(briefs)
        self._listings = tuple(listings) if listings else tuple(map(listing, briefs))
        self.listings = {brief.slug: brief for brief in self._listings}
        self._whole_of = {id(form): brief for form, brief in zip(
            self._listings, self._all, strict=True)}
        # Pages keyed by the archive (archive()), not by a digest of their inputs: those
        # that show every brief, whose inputs change with any brief anyway and would cost
        # seconds to digest (every amount, the busiest entities); of those, the ones handed
        # the briefs themselves (the others are handed their listing forms).
        self.whole: set[str] = set()
        self.whole_text: set[str] = set()
        self._archive: dict[bool, tuple[str, frozenset[str]]] = {}
        # The briefs whose related briefs differ from the last render's (None: not known).
        self.moved: frozenset[str] | None = None

    def add(self, path: str, make: Callable[..., str | bytes], *inputs: Any) -> None:
        """The page at path is make(*inputs); a Later among them, or among the values of a
        dict among them, stands for what it works out when the page is keyed or made."""
        self._make[path] = make
        self._inputs[path] = inputs

    def inputs(self, path: str) -> tuple[Any, ...]:
        """The page's inputs, every Later worked out (kept for the page last asked for)."""
        if self._last[0] != path:
            self._last = (path, tuple(_worked_out(value) for value in self._inputs[path]))
        return self._last[1]

    def keyed(self, path: str) -> tuple[str, frozenset[str]]:
        """The digest of what the page is made of (its maker and inputs), and the slugs of
        the briefs that reach the page's inputs."""
        make = self._make[path]
        make = getattr(make, "func", make)  # a partial: its function (the rest is code)
        if path in self.whole:
            archive, slugs = self.archive(text=path in self.whole_text)
            return self.digests.of((make.__module__, make.__qualname__, path, archive)), slugs
        return self.digests.reached((make.__module__, make.__qualname__, self.inputs(path)))

    def archive(self, text: bool = False) -> tuple[str, frozenset[str]]:
        """The digest of what every page is made of besides the code: the context and
        every brief's listing form (text: every brief), in order; and how they reach."""
        if text not in self._archive:
            briefs = self._all if text else self._listings
            self._archive[text] = (self.digests.of((self.context, [
                self.digests.frozen(brief) for brief in briefs])),
                frozenset(self.briefs) if text else frozenset(map(as_listed, self.briefs)))
        return self._archive[text]

    def brief_digest(self, slug: str) -> str:
        """The digest of the brief of this slug."""
        return self.digests.frozen(self.briefs[slug]).hex()

    def listing_digest(self, slug: str) -> str:
        """The digest of the listing form of the brief of this slug."""
        return self.digests.frozen(self.listings[slug]).hex()

    def whole_digest(self, brief: Brief) -> bytes:
        """The digest of the brief itself, given it or its listing form (the related
        briefs' memo keeps an entry by it: a listing form's would cost a digest each)."""
        return self.digests.frozen(self._whole_of.get(id(brief), brief))

    def know_listings(self, kept: Mapping[str, tuple[str, str]]) -> None:
        """Take the digests of the listing forms from a render of the same code (kept:
        slug: (digest of the brief, of its listing form)) for the briefs as they were."""
        if not self.unique:
            return
        for name, (digest, form) in kept.items():
            if name in self.briefs and self.brief_digest(name) == digest:
                self.digests.know(self.listings[name], bytes.fromhex(form))

    def structure(self, slug: str, counts: bool = True) -> str:
        """The digest of the brief of this slug without its TEXT_FIELDS and evidence (and,
        counts false, without its actors' mentions: see state.py)."""
        brief = self.briefs[slug]
        bare: dict[str, Any] = {
            name: tuple(dataclasses.replace(item, evidence="") for item in getattr(brief, name))
            for name in ("amounts", "chips", "policy")}
        bare["actors"] = tuple(
            dataclasses.replace(actor, evidence="", mentions=actor.mentions if counts else 0)
            for actor in brief.actors)
        return self.digests.of(dataclasses.replace(brief, **TEXT_FIELDS, **bare))

    def __getitem__(self, path: str) -> str | bytes:
        return self._make[path](*self.inputs(path))

    def __iter__(self) -> Iterator[str]:
        return iter(self._make)

    def __len__(self) -> int:
        return len(self._make)


@dataclass
class _Out:
    """The environment, the context every page gets and the pages of one render() call."""

    env: jinja2.Environment
    common: dict[str, Any]
    size: int
    pages: Pages = field(default_factory=Pages)

    def add(self, template: str, path: str, **context: Any) -> None:
        """A page of template with exactly this context (and the common one)."""
        self.pages.add(path, functools.partial(_page, self.env), template, path,
                       {**self.common, **context})

    def listing(self, template: str, entries: Sequence[Any], path_of: Callable[[int], str],
                *, size: int | None = None,
                links: Callable[[Sequence[Any]], Any] | None = None,
                chunks: list[list[Any]] | None = None, **context: Any) -> None:
        """One page per PAGE_SIZE (or size) entries, or per one of chunks, each with a pager
        (and, with links, the entity links its entries need, as `entities`)."""
        chunks = chunks if chunks is not None else pack([entries], size or self.size)
        for number, chunk in enumerate(chunks, 1):
            extra = {"entities": Later(links, (chunk,))} if links is not None else {}
            self.add(template, path_of(number), chunk=chunk, number=number, pages=len(chunks),
                     pager=_pager(number, len(chunks), path_of), **extra, **context)


def pack(groups: Sequence[Sequence[T]], size: int) -> list[list[T]]:
    """Groups of entries on pages of at most size entries, in order (at least one page): a
    group that fits on one page is never split across two (it starts a new page when the
    current one has no room left for it); a longer one fills pages from where it starts."""
    pages: list[list[T]] = [[]]
    for group in groups:
        if pages[-1] and len(group) <= size < len(pages[-1]) + len(group):
            pages.append([])
        for entry in group:
            if len(pages[-1]) >= size:
                pages.append([])
            pages[-1].append(entry)
    return pages


def _entity_index(out: _Out, type_: str, group: Mapping[str, Entity]) -> None:
    """The list of all entities of a type, grouped by kind, paginated without splitting a
    kind that fits on one page."""
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    items = sorted(group.values(), key=lambda e: (
        order.get(e.kind or "", len(order)), kind_title(e.kind) if e.kind else "~",
        -len(e.mentions), e.name.lower()))
    kinds: dict[str, list[Entity]] = {}
    for e in items:
        kinds.setdefault(kind_title(e.kind), []).append(e)
    chunks = pack(list(kinds.values()), out.size)
    first_page: dict[str, int] = {}
    for number, chunk in enumerate(chunks, 1):
        for e in chunk:
            first_page.setdefault(kind_title(e.kind), number)
    groups = [(title, len(kinds[title]), _listing(type_, first_page[title])) for title in kinds]
    out.listing("entities.md.j2", items, functools.partial(_listing, type_), type=type_,
                total=len(items), groups=groups,
                chunks=[[listed(entity) for entity in chunk] for chunk in chunks])


def _timeline(out: _Out, model: Model) -> None:
    """A page per month (paginated) and the index of months with a chart."""
    months: dict[str, list[Brief]] = defaultdict(list)
    for brief in model.briefs:
        months[_month(brief)].append(brief)
    links = _brief_links(model)
    for key, members in months.items():
        out.listing("month.md.j2", members, functools.partial(_month_path, key), month=key,
                    size=LONG_PAGES * out.size, count=len(members), links=links)
    chart = _chart_months(list(months))
    out.add("timeline.md.j2", "timeline/index.md", briefs=model.briefs, months=dict(months),
            month_pages={key: _month_path(key, 1) for key in months},
            month_order=sorted(months, key=lambda k: (k != "undated", k), reverse=True),
            chart=[(m, len(months.get(m, []))) for m in chart])


def _tags(out: _Out, model: Model, slugs: Mapping[str, str], site_url: str | None) -> None:
    """A page per tag (paginated, newest first) and the index of tags.

    Our own pages rather than the theme's tags plugin, whose one page lists every brief
    under each of its tags (tens of thousands of links in a large archive).
    """
    tagged: dict[str, list[Brief]] = defaultdict(list)
    for brief in model.briefs:
        for tag in dict.fromkeys(brief.tags):
            tagged[tag].append(brief)
    links = _brief_links(model)
    for tag, members in sorted(tagged.items()):
        feed = _tag_feed(slugs[tag])
        out.listing("tag.md.j2", members, functools.partial(_tag_path, slugs[tag]), tag=tag,
                    size=LONG_PAGES * out.size, count=len(members), links=links, feed=feed)
        out.pages.add(feed, downloads.atom_feed, members[:downloads.TOPIC_FEED_SIZE], site_url,
                      feed, f"Briefing: {tag}", f"The newest briefs tagged {tag}.",
                      site_link(_tag_path(slugs[tag], 1)))
    out.add("tags.md.j2", "tags/index.md",
            tags=sorted(tagged.items(), key=lambda kv: (-len(kv[1]), kv[0])),
            tag_pages={tag: _tag_path(name, 1) for tag, name in slugs.items()})


def _brief_links(model: Model) -> Callable[[Sequence[Brief]], dict[str, dict[str, Link]]]:
    return lambda briefs: model.links_for(briefs)


def _graph(model: Model, entity: Entity) -> str:
    return mermaid_graph(entity, model.neighbours(entity))


def _explore_filter(entity: Entity) -> str:
    """The query of the Explore page that lists the briefs mentioning entity (the filter of
    the search fields, templates/search.j2)."""
    key = {"chips": "chip", "policy": "policy"}.get(entity.type, "actor")
    if entity.type == "actors" and entity.kind == "country":
        key = "country"
    return urlencode({key: entity.name})


def _tag_feed(name: str) -> str:
    return f"tags/{name}/feed.xml"


def _tag_path(name: str, number: int) -> str:
    return f"tags/{name}.md" if number == 1 else f"tags/{name}/page-{number}.md"


def _month_path(key: str, number: int) -> str:
    return f"timeline/{key}.md" if number == 1 else f"timeline/{key}-page-{number}.md"


def render(briefs: Sequence[Brief], templates: Path, *, kb: Names | None = None,
           site_url: str | None = None, rates: Rates | None = None,
           editor: bool = False, related: RelatedMemo | None = None,
           members: downloads.Members | None = None, marks: Sequence[bytes] = ()) -> Pages:
    """Every generated file, as {path relative to docs/: text} (Markdown, JSON, CSV, Atom),
    each rendered when it is read. editor: the pages are for the editor's preview (briefing
    serve), which shows each brief's merge conflicts; never for readers. related: the
    memo of the briefs' related briefs, which spares working out those that cannot differ;
    members: that of the JSON download's compressed members; marks: each brief's content
    mark (Loaded.marks), which stands for it in the page keys instead of its own digest."""
    model = build_model([listing(brief) for brief in briefs], kb, rates)
    ordered, entities, rows = model.briefs, model.entities, model.rows  # listing forms
    whole = sorted_briefs(briefs)  # in the same order: a stable sort by the same keys
    tags = tag_slugs(ordered)
    tag_pages = {tag: _tag_path(name, 1) for tag, name in tags.items()}
    out = _Out(environment(templates), {
        "page_size": PAGE_SIZE,
        "entity_amounts": ENTITY_AMOUNTS,
        "downloads": {"json": downloads.JSON_PATH, "csv": downloads.CSV_PATH,
                      "feed": downloads.FEED_PATH},
    }, PAGE_SIZE, Pages(code_key(templates), whole, ordered))
    out.pages.digests.briefs(briefs, marks)
    out.pages.context = out.pages.digests.of((site_url, editor, rates or default_rates(),
                                              model.links))
    by_brief: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_brief[id(row.brief)].append(row)
    site = (site_url.rstrip("/") + "/") if site_url else ""
    related_of = related_all(ordered, entities, related, out.pages.whole_digest)
    out.pages.moved = related.moved if related is not None else None
    for index, brief in enumerate(ordered):
        out.add("brief.md.j2", brief_path(brief), brief=whole[index],
                amounts=by_brief[id(brief)],
                newer=ordered[index - 1] if index else None,
                older=ordered[index + 1] if index + 1 < len(ordered) else None,
                entities=Later(model.links_for,
                               ([brief], tuple(r.owner for r in by_brief[id(brief)]))),
                tag_pages={tag: tag_pages[tag] for tag in brief.tags},
                related=Later(related_of.__getitem__, (index,)),
                editor=editor and bool(whole[index].extra.get("conflicts")), site_url=site)
    out.listing("briefs.md.j2", ordered, functools.partial(_listing, "briefs"),
                total=len(ordered), links=_brief_links(model))
    for type_, group in entities.items():
        for entity in group.values():
            out.listing("entity.md.j2", entity.mentions, entity.page,
                        entity=Later(shown, (entity, ENTITY_AMOUNTS)),
                        chunks=[list(entity.mentions[:ENTITY_MENTIONS])],
                        explore=_explore_filter(entity),
                        neighbours=Later(model.neighbours, (entity,)),
                        graph=Later(_graph, (model, entity)),
                        entities=Later(model.links_for, ((), tuple(entity.details.values()))))
            out.pages.add(entity.feed, downloads.atom_feed,
                          entity.briefs[:downloads.TOPIC_FEED_SIZE], site_url, entity.feed,
                          f"Briefing: {entity.name}",
                          f"The newest briefs that mention {entity.name}.",
                          site_link(entity.url))
        _entity_index(out, type_, group)
    out.listing("amounts.md.j2", rows, functools.partial(_listing, "amounts"),
                size=LONG_PAGES * out.size, total=len(rows), brief_count=len(ordered),
                links=lambda chunk: model.links_for(names=(r.owner for r in chunk)))
    _timeline(out, model)
    _tags(out, model, tags, site_url)
    by_count = sorted(entities["actors"].values(),
                      key=lambda e: (-len(e.mentions), e.name.lower()))
    out.add("home.md.j2", "index.md", briefs=ordered, entities=model.links,
            amount_rows=rows, kinds=dict(Counter(e.kind for e in by_count)),
            active=[e for e in by_count if e.kind != "country"][:LATEST],
            countries=[e for e in by_count if e.kind == "country"][:12],
            largest=sorted((r for r in rows if r.usd is not None),
                           key=lambda r: -(r.usd or 0.0))[:LATEST])
    if members is not None:
        members.code, members.digest = out.pages.code, out.pages.digests.frozen
        members.context = out.pages.context
    out.pages.add(downloads.JSON_PATH, functools.partial(downloads.briefs_json_gz,
                                                         members=members), whole)
    out.pages.add(downloads.CSV_PATH, functools.partial(downloads.amounts_csv,
                                                        members=members), rows)
    out.pages.add(downloads.FEED_PATH, downloads.atom_feed, ordered, site_url)
    out.add("explore.md.j2", EXPLORE_PATH)
    out.pages.whole.update({"index.md", "timeline/index.md", "tags/index.md", downloads.JSON_PATH,
                            downloads.CSV_PATH, downloads.FEED_PATH})
    out.pages.whole_text.add(downloads.JSON_PATH)
    out.pages.add(LANGUAGES_PATH, downloads.search_languages,
                  tuple(sorted({SEARCH_LANGUAGE, *(b.language for b in ordered)})))
    return out.pages
