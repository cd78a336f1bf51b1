"""Render stage: briefs through the Jinja templates into Markdown pages for MkDocs.

render() is pure (briefs in, {relative path: text} out: Markdown pages plus the JSON, CSV and
Atom downloads); write() is the stage edge that puts them into docs/, rendering again only
the pages whose inputs changed. The modules, each of one responsibility: text (the filters:
escaping and formatting), model (entities, amounts, links), downloads (JSON, CSV, Atom),
pages (which pages there are and what each is made from), related (each brief's related
briefs, and their memo), digest (the keys of page inputs), writer (docs/ on disk), memo
(the search word forms and knowledge-base answers kept between runs) and stage (render_all,
the stage's verb: what changed since the last run, and its bookkeeping).
"""

from .digest import Digests, UnstableInput
from .downloads import (
    ATOM,
    CSV_FIELDS,
    CSV_PATH,
    FEED_PATH,
    JSON_PATH,
    Members,
    amounts_csv,
    atom_feed,
    briefs_json,
    strict_json,
    xml_text,
)
from .memo import FORMS_FILE, NAMES_FILE, Known, KnownNames, load_forms, save_forms
from .model import (
    AmountRow,
    Entity,
    Link,
    Mention,
    Model,
    Names,
    Rates,
    amount_rows,
    brief_path,
    build_entities,
    build_model,
    default_rates,
    mermaid_graph,
    parse_rates,
    tag_slugs,
)
from .pages import PAGE_SIZE, Pages, code_key, environment, keep_compiled, render
from .related import RELATED_FILE, RelatedMemo, related_all, related_briefs
from .stage import render_all
from .text import (
    actor_html,
    escape_attr,
    escape_html,
    escape_md,
    escape_meta,
    flow_yaml,
    iso_date,
    kind_title,
    language_name,
    mark,
    mark_html,
    mermaid_label,
    month_title,
    paragraphs,
    site_link,
    slug,
)
from .writer import MANIFEST, Written, manifest_pages, write

__all__ = [
    "ATOM", "CSV_FIELDS", "CSV_PATH", "FEED_PATH", "FORMS_FILE", "JSON_PATH", "MANIFEST",
    "NAMES_FILE", "PAGE_SIZE", "RELATED_FILE", "AmountRow", "Digests", "Entity", "Known",
    "KnownNames", "Link", "Members", "Mention", "Model", "Names", "Pages", "Rates", "RelatedMemo",
    "UnstableInput", "Written", "actor_html", "amount_rows", "amounts_csv", "atom_feed",
    "brief_path", "briefs_json", "build_entities", "build_model", "code_key", "default_rates",
    "environment", "escape_attr", "escape_html", "escape_md", "escape_meta", "flow_yaml",
    "iso_date", "keep_compiled", "kind_title", "language_name", "load_forms", "manifest_pages",
    "mark", "mark_html", "mermaid_graph", "mermaid_label", "month_title", "paragraphs",
    "parse_rates", "related_all", "related_briefs", "render", "render_all", "save_forms",
    "site_link", "slug", "strict_json", "tag_slugs", "write", "xml_text"
]
