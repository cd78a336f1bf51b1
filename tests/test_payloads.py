"""No markup from data reaches a page: every string field of a brief, and of the knowledge
base, holds a script payload, and no page of the real site runs any of it.

The briefs are built field by field from the models themselves (dataclasses.fields), so a
field added later holds a payload too; the extra keys (notes, reviewed, conflicts, one of
the analyst's own) hold some as well, and the `url` is once a javascript: address and once
a web address with a payload's mark. Each payload is marked with its field's name, so a
failure says which field leaked. The pages are rendered from Brief objects directly (render
must escape what validation would refuse, such as a `kind` outside its set), built by
MkDocs, then read with an HTML parser (no script, element or event handler from a payload,
no javascript: link) and loaded in chromium: no dialog opens and no handler from a payload
is in the live page, even on hovering everything, with every graph drawn and with search
results for the payloads' words listed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import http.server
import json
import re
import threading
import types
import typing
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator import kb as kbmod
from generator import render as render_stage
from generator.config import load_project
from generator.models import CHIP_KINDS, POLICY_KINDS, Actor, Amount, Brief, Chip, Policy, Source
from generator.site import site

MARK = "xss-"
LEAK = re.compile(r"xss\W?(b\d|kb)", re.I)  # a payload's mark, also as a template reshaped it
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}
# Fields that never hold text from outside (validated: slug by its pattern; date, numbers).
NOT_TEXT = {("Brief", "slug")}


def payload(field: str) -> str:
    mark = f"{MARK}{field}"
    return (f'<script>alert("{mark}")</script><img src=x onerror=alert("{mark}")>'
            f'"><svg onload=alert("{mark}")> [x](javascript:alert("{mark}")) '
            f"{{{{ {mark} }}}} ' onmouseover=alert(\"{mark}\") x='")


def _is_text(hint: Any) -> bool:
    """Whether a field's (resolved) type is text: str or str | None."""
    optional = typing.get_origin(hint) in (typing.Union, types.UnionType)
    return hint is str or (optional and set(typing.get_args(hint)) == {str, type(None)})


def _filled(cls: type, prefix: str, **given: Any) -> Any:
    """An instance of a model whose every text field holds a payload naming it."""
    values: dict[str, Any] = {}
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        if field.name in given or (cls.__name__, field.name) in NOT_TEXT:
            continue
        if _is_text(hints[field.name]):
            values[field.name] = payload(f"{prefix}.{field.name}")
        elif typing.get_origin(hints[field.name]) is tuple and \
                typing.get_args(hints[field.name])[0] is str:
            values[field.name] = (payload(f"{prefix}.{field.name}"),)
    return cls(**{**values, **given})


def _url(number: int) -> str:
    """The first brief's url is a script address (never made a link), the second's a web
    address (the link to the original and the citation show it)."""
    mark = f"{MARK}b{number}.url"
    return f" JaVaScRiPt:alert('{mark}')" if number == 1 else \
        f"https://example.org/{mark}?a=1&b=2"


def payload_briefs() -> list[Brief]:
    """Two briefs (so that every list has entries from both) full of payloads."""
    briefs = []
    for number in (1, 2):
        p = f"b{number}"
        person = _filled(Actor, f"{p}.actor", kind="person", mentions=2)
        org = _filled(Actor, f"{p}.org", kind="organization", name=payload(f"{p}.org.name"))
        amount = _filled(Amount, f"{p}.amount", value=2e9, currency="EUR", min=1e9, max=3e9,
                         subject=org.name)
        chips = (_filled(Chip, f"{p}.chip", vendor=org.name),
                 _filled(Chip, f"{p}.kbchip", kind=None))  # its kind comes from the KB
        policy = (_filled(Policy, f"{p}.policy", jurisdiction=person.name),)
        brief = _filled(
            Brief, p, slug=f"payload-{number}", language="de", date=dt.date(2025, number, 2),
            source=_filled(Source, f"{p}.source", sha256="0" * 64), url=_url(number),
            actors=(person, org, _filled(Actor, f"{p}.country", kind="country")),
            amounts=(amount,), chips=chips, policy=policy,
            body=f"{payload(p + '.body1')}\n\n{payload(p + '.body2')}\n",
            extra={"notes": payload(f"{p}.notes"),
                   "reviewed": True if number == 1 else payload(f"{p}.reviewed"),
                   "custom": payload(f"{p}.custom"),
                   "conflicts": [{"field": payload(f"{p}.conflict.field"),
                                  "kept": payload(f"{p}.conflict.kept"),
                                  "extracted": payload(f"{p}.conflict.extracted")}]})
        briefs.append(brief)
    return briefs


def payload_kb(briefs: list[Brief]) -> kbmod.KnowledgeBase:
    """A knowledge base knowing the briefs' entities, with payloads in kinds, aliases and
    every other text field."""
    entries = []
    for number, brief in enumerate(briefs, 1):
        for type_, items in (("actor", brief.actors), ("chip", brief.chips),
                             ("policy", brief.policy)):
            for index, item in enumerate(items):
                tag = f"kb.b{number}.{type_}{index}"
                entries.append(_filled(kbmod.Entry, tag, name=item.name, type=type_,
                                       kind=payload(tag), aliases=(payload(tag + ".alias"),)))
    return kbmod.KnowledgeBase(entries)


class _Page(HTMLParser):
    """What of a page could run: event handlers, script contents and script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if (name.startswith("on") or name == "srcdoc") and LEAK.search(value):
                self.found.append(f"<{tag} {name}={value[:80]}>")
            if name in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower() \
                    .startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"<{tag} {name}={value[:80]}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and LEAK.search(data):
            self.found.append(f"<script>{data[:80]}")


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import make_project

    root = make_project(tmp_path_factory.mktemp("payloads") / "proj")
    project = load_project(root)
    briefs = payload_briefs()
    # As briefing serve renders them (editor=True): the published pages plus the panel of
    # each brief's merge conflicts.
    pages = render_stage.render(briefs, project.templates, kb=payload_kb(briefs),
                                site_url="https://example.org/briefing/", editor=True)
    render_stage.write(project.docs, pages)
    site(project, strict=False)
    return root


def _files(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*") if p.suffix in (".html", ".xml", ".json")
                  and "assets" not in p.parts and "search" not in p.parts)


@pytest.mark.slow
def test_no_page_holds_markup_from_a_payload(payload_site: Path) -> None:
    found = []
    pages = _files(payload_site / "site")
    assert len(pages) > 30
    for path in pages:
        if path.suffix == ".html":
            page = _Page()
            page.feed(path.read_text("utf-8"))
            found += [f"{path.relative_to(payload_site)}: {what}" for what in page.found]
        elif path.suffix == ".xml":
            root = ET.fromstring(path.read_bytes())  # well-formed: the payloads are text
            assert all(LEAK.search(e.tag) is None for e in root.iter()), path
        else:
            json.loads(path.read_text("utf-8"))  # data: the payloads are strings in it
    assert found == []


@pytest.mark.slow
def test_the_payloads_are_on_the_pages_as_text(payload_site: Path) -> None:
    """The test is only as good as its coverage: the fields shown are there, escaped."""
    shown = set()
    texts = [path.read_text("utf-8") for path in _files(payload_site / "site")]
    for text in texts:
        shown |= set(re.findall(rf"{MARK}([\w.]+)", text))
    link = f'class="source-link" href="https://example.org/{MARK}b2.url?a=1&amp;b=2"'
    assert sum(link in text for text in texts) == 1  # the second brief's original
    for field in ("b1.title", "b1.summary", "b1.actor.name", "b1.actor.role", "b1.org.name",
                  "b1.amount.text", "b1.chip.name", "b1.chip.kind", "b1.policy.name",
                  "b1.policy.kind", "b1.tags", "b1.sources", "b1.source.path", "b1.body1",
                  "b1.notes", "b1.conflict.field", "b1.conflict.kept", "b1.conflict.extracted",
                  "b1.actor.country", "b2.url"):
        assert field in shown, field
    assert any(re.fullmatch(r"kb\.b\d\.actor\d\.alias", name) for name in shown)
    assert any(re.fullmatch(r"kb\.b\d\.chip\d", name) for name in shown)  # a kind from the KB


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.slow
@pytest.mark.browser
def test_no_dialog_opens_in_a_browser(payload_site: Path) -> None:
    if not CHROMIUM.is_file():
        pytest.skip(f"Debian's chromium is missing at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(payload_site / "site"))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    dialogs: list[str] = []
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                        args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"),
                                         d.dismiss()))
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith(base) else route.abort())
            live: list[str] = []
            addresses = [base + path.relative_to(payload_site / "site").as_posix()
                         for path in _files(payload_site / "site") if path.suffix == ".html"]
            addresses += [f"{base}explore/?q={word}" for word in SEARCHES]
            for address in addresses:
                page.goto(address)
                page.wait_for_load_state("load")
                if "?q=" in address:  # the search results are listed
                    page.wait_for_function(RESULTS, timeout=30_000)
                # Every graph is drawn (briefing.js draws one when it nears the screen).
                page.evaluate("() => document.querySelectorAll('.briefing-graph')"
                              ".forEach((el) => el.scrollIntoView())")
                page.wait_for_function(DRAWN, timeout=30_000)
                page.evaluate(HOVER)
                page.wait_for_timeout(50)
                live += [f"{address}: {what}" for what in page.evaluate(HANDLERS)]
            browser.close()
    finally:
        server.shutdown()
    assert dialogs == []
    assert live == []


# Words of the payloads to search for on the Explore page: their results show excerpts.
SEARCHES = ("xss", "script", "onerror", "svg")
RESULTS = r"""() => /^\d[\d,]* results?/.test(
    (document.querySelector('.bx-summary') || {}).textContent || '')
    && document.querySelectorAll('.bx-result .bx-excerpt').length > 0"""
DRAWN = """() => [...document.querySelectorAll('div.briefing-graph')]
    .every((el) => el.hasAttribute('data-rendered'))"""
HOVER = """() => {
    for (const el of document.querySelectorAll('*')) {
        for (const type of ['mouseover', 'focus', 'animationstart']) {
            el.dispatchEvent(new Event(type, {bubbles: true}));
        }
    }
}"""
# What of the live page (after its scripts ran) could run: as _Page, in the DOM.
HANDLERS = r"""() => {
    const leak = /xss\W?(b\d|kb)/i, found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
            const value = a.value.replace(/[\s\x00-\x1f]/g, '').toLowerCase();
            if (((a.name.startsWith('on') || a.name === 'srcdoc') && leak.test(a.value))
                || (URLS.includes(a.name)
                    && /^(javascript:|vbscript:|data:text)/.test(value))) {
                found.push(`<${el.tagName} ${a.name}=${a.value.slice(0, 80)}>`);
            }
        }
        if (el.tagName === 'SCRIPT' && leak.test(el.textContent)) {
            found.push(`<script>${el.textContent.slice(0, 80)}`);
        }
    }
    return found;
}""".replace("URLS", json.dumps(sorted(URL_ATTRIBUTES)))


# --- kind values are validated against their sets ----------------------------------------


def test_the_kinds_of_briefs_are_those_of_the_knowledge_base() -> None:
    brief = json.loads((Path(__file__).parent.parent / "generator/schema/brief.schema.json")
                       .read_text("utf-8"))["properties"]
    knowledge = json.loads((Path(__file__).parent.parent / "generator/schema/"
                            "knowledge.schema.json").read_text("utf-8"))["$defs"]
    for key, definition, kinds in (("chips", "chip", CHIP_KINDS),
                                   ("policy", "instrument", POLICY_KINDS)):
        assert brief[key]["items"]["properties"]["kind"]["enum"] == [*kinds, None] == \
            knowledge[definition]["properties"]["kind"]["enum"]


@pytest.mark.parametrize(("key", "allowed"), [
    ("chips", "accelerator | gpu | cpu | memory | process-node | platform | system | "
              "interconnect | equipment | null"),
    ("policy", "law | regulation | directive | executive-order | export-control | programme | "
               "agreement | code-of-practice | strategy | review | null"),
])
def test_a_kind_outside_its_set_is_a_path_line_error(key: str, allowed: str) -> None:
    from conftest import FIXTURES

    from generator.briefs import check_text

    good = (FIXTURES / "bad_briefs" / "good.md").read_text("utf-8")
    item = {"chips": "chips:\n- name: Nvidia H100\n  kind: <b>gpu</b>\n",
            "policy": "policy:\n- name: AI Act\n  kind: <b>law</b>\n"}[key]
    text = good.replace(f"{key}: []\n", item, 1)
    line = text.split("\n").index(f"  kind: <b>{'gpu' if key == 'chips' else 'law'}</b>") + 1
    problems = [str(p) for p in check_text(text, "briefs/x.md")]
    value = "'<b>gpu</b>'" if key == "chips" else "'<b>law</b>'"
    assert problems == [f"briefs/x.md:{line}: {key}.0.kind: {value} is not one of {allowed} "
                        "(see docs/brief-format.md for the fields)"]
