"""Briefs on disk: Markdown with YAML front-matter, read with line-accurate errors.

The stage's modules, each of one responsibility:
fileformat (the file: fences, YAML style, Brief <-> mapping), frontmatter (reading the YAML
with line-accurate errors, and its quick path), validation (the schema, its messages, and a
quick yes), reading (one brief or a folder), parsecache (briefs read before, by content) and
updating (new briefs written, re-extractions merged into hand-edited ones).
"""

from ..models import Brief
from .fileformat import dump, dump_yaml, file_text, from_dict, item_dict, split, to_dict
from .frontmatter import front_matter, load_front_matter
from .parsecache import ParseCache, text_hash
from .reading import (
    BASE_DIR,
    Loaded,
    base_path,
    brief_paths,
    check_text,
    line_of,
    load,
    load_all,
    owner,
    parse,
    read,
    read_text,
    source_of,
)
from .updating import Prepared, Updated, prepare, snapshot, update
from .validation import schema, validate

__all__ = [
    "BASE_DIR", "Brief", "Loaded", "ParseCache", "Prepared", "Updated", "base_path",
    "brief_paths", "check_text", "dump", "dump_yaml", "file_text", "from_dict", "front_matter",
    "item_dict", "line_of", "load", "load_all", "load_front_matter", "owner", "parse",
    "prepare", "read", "read_text", "schema", "snapshot", "source_of", "split", "text_hash",
    "to_dict", "update", "validate",
]
