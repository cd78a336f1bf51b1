"""The merge rules, one table row each: base (last generated), ours (on disk), theirs (new)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.briefs import dump_yaml
from generator.merge import merge, merge_body

A = {"name": "Nvidia", "kind": "organization", "mentions": 2, "evidence": "Nvidia said."}
B = {"name": "TSMC", "kind": "organization", "mentions": 1, "evidence": "TSMC said."}
C = {"name": "Jensen Huang", "kind": "person", "role": "CEO", "mentions": 1, "evidence": "x"}
M1 = {"text": "$1 billion", "value": 1_000_000_000, "currency": "USD", "evidence": "a"}
M2 = {"text": "2 Mrd. Euro", "value": 2_000_000_000, "currency": "EUR", "evidence": "b"}
SRC1 = {"path": "seeds/a.txt", "sha256": "1" * 64}
SRC2 = {"path": "seeds/a.txt", "sha256": "2" * 64}


def _with(item: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = {**item, **changes}
    return {k: v for k, v in out.items() if v is not None}


ROWS: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any],
                 list[str]]] = [
    # name, base, ours, theirs, expected merged, expected conflict fields
    ("untouched field takes the new extraction",
     {"title": "Old"}, {"title": "Old"}, {"title": "New"}, {"title": "New"}, []),
    ("field changed by hand keeps the human's value",
     {"title": "Old"}, {"title": "Mine"}, {"title": "Old"}, {"title": "Mine"}, []),
    ("both changed: the human's value stays and a conflict is recorded",
     {"title": "Old"}, {"title": "Mine"}, {"title": "New"},
     {"title": "Mine", "conflicts": [{"field": "title", "kept": "Mine", "extracted": "New"}]},
     ["title"]),
    ("both changed the same way: no conflict",
     {"title": "Old"}, {"title": "New"}, {"title": "New"}, {"title": "New"}, []),
    ("a key added by hand stays",
     {"title": "T"}, {"title": "T", "notes": "mine"}, {"title": "T"},
     {"title": "T", "notes": "mine"}, []),
    ("reviewed: false written by hand stays",
     {"title": "T"}, {"title": "T", "reviewed": False}, {"title": "U"},
     {"title": "U", "reviewed": False}, []),
    ("a key removed by hand stays removed",
     {"title": "T", "summary": "S"}, {"title": "T"}, {"title": "T", "summary": "S2"},
     {"title": "T"}, []),
    ("tags changed by hand are kept as a whole",
     {"tags": ["a"]}, {"tags": ["a", "mine"]}, {"tags": ["a", "b"]},
     {"tags": ["a", "mine"], "conflicts": [
         {"field": "tags", "kept": ["a", "mine"], "extracted": ["a", "b"]}]}, ["tags"]),
    ("the source always follows the seed",
     {"source": SRC1}, {"source": {**SRC1, "path": "x"}}, {"source": SRC2},
     {"source": SRC2}, []),
    ("no snapshot: everything on disk counts as an edit",
     {}, {"title": "Disk", "summary": "S"}, {"title": "New", "summary": "S"},
     {"title": "Disk", "summary": "S",
      "conflicts": [{"field": "title", "kept": "Disk", "extracted": "New"}]}, ["title"]),
    ("untouched item takes the new extraction's fields",
     {"actors": [A]}, {"actors": [A]}, {"actors": [_with(A, mentions=5)]},
     {"actors": [_with(A, mentions=5)]}, []),
    ("item deleted by hand stays deleted",
     {"actors": [A, B]}, {"actors": [A]}, {"actors": [A, _with(B, mentions=3)]},
     {"actors": [A]}, []),
    ("item added by hand stays",
     {"actors": [A]}, {"actors": [A, C]}, {"actors": [A]}, {"actors": [A, C]}, []),
    ("item corrected by hand stays and the old spelling is not re-added",
     {"actors": [A]}, {"actors": [_with(A, name="NVIDIA Corp.")]}, {"actors": [A]},
     {"actors": [_with(A, name="NVIDIA Corp.")]}, []),
    ("item only the new extraction has is added",
     {"actors": [A]}, {"actors": [A]}, {"actors": [A, B]}, {"actors": [A, B]}, []),
    ("untouched item the new extraction no longer has goes",
     {"actors": [A, B]}, {"actors": [A, B]}, {"actors": [A]}, {"actors": [A]}, []),
    ("item edited by hand and no longer extracted stays",
     {"actors": [A, B]}, {"actors": [A, _with(B, kind="government")]}, {"actors": [A]},
     {"actors": [A, _with(B, kind="government")]}, []),
    ("a field of an item changed on both sides is a conflict",
     {"actors": [C]}, {"actors": [_with(C, role="Chief Executive")]},
     {"actors": [_with(C, role="Founder")]},
     {"actors": [_with(C, role="Chief Executive")], "conflicts": [
         {"field": "actors[Jensen Huang].role", "kept": "Chief Executive",
          "extracted": "Founder"}]}, ["actors[Jensen Huang].role"]),
    ("a field the extraction dropped while the human changed it is a conflict",
     {"actors": [C]}, {"actors": [_with(C, role="Chief Executive")]},
     {"actors": [_with(C, role=None)]},
     {"actors": [_with(C, role="Chief Executive")], "conflicts": [
         {"field": "actors[Jensen Huang].role", "kept": "Chief Executive",
          "extracted": None}]}, ["actors[Jensen Huang].role"]),
    ("an optional item field removed by hand stays removed",
     {"actors": [C]}, {"actors": [_with(C, role=None)]}, {"actors": [_with(C, mentions=4)]},
     {"actors": [_with(C, role=None, mentions=4)]}, []),
    ("amount deleted by hand stays deleted",
     {"amounts": [M1, M2]}, {"amounts": [M2]}, {"amounts": [M1, M2]}, {"amounts": [M2]}, []),
    ("amount corrected by hand stays, the extracted one is not re-added",
     {"amounts": [M1]}, {"amounts": [_with(M1, value=1_000_000)]}, {"amounts": [M1]},
     {"amounts": [_with(M1, value=1_000_000)]}, []),
    ("new amount is added after the human's",
     {"amounts": [M1]}, {"amounts": [M1]}, {"amounts": [M1, M2]}, {"amounts": [M1, M2]}, []),
    ("two items with the same name are both kept",
     {"actors": [A]}, {"actors": [A, _with(A, kind="government")]}, {"actors": [A]},
     {"actors": [A, _with(A, kind="government")]}, []),
    ("chips merge item by item",
     {"chips": [{"name": "H100"}, {"name": "H20"}]}, {"chips": [{"name": "H100"}]},
     {"chips": [{"name": "H100"}, {"name": "H20"}, {"name": "B200"}]},
     {"chips": [{"name": "H100"}, {"name": "B200"}]}, []),
    ("policy merges item by item",
     {"policy": [{"name": "AI Act"}]}, {"policy": [{"name": "AI Act", "kind": "law"}]},
     {"policy": [{"name": "AI Act", "kind": "regulation"}]},
     {"policy": [{"name": "AI Act", "kind": "law"}], "conflicts": [
         {"field": "policy[AI Act].kind", "kept": "law", "extracted": "regulation"}]},
     ["policy[AI Act].kind"]),
    ("recorded conflicts stay; a new one for the same field replaces the old",
     {"title": "Old"},
     {"title": "Mine", "conflicts": [{"field": "summary", "kept": "a", "extracted": "b"},
                                     {"field": "title", "kept": "Mine", "extracted": "Old"}]},
     {"title": "Newer"},
     {"title": "Mine", "conflicts": [{"field": "summary", "kept": "a", "extracted": "b"},
                                     {"field": "title", "kept": "Mine", "extracted": "Newer"}]},
     ["title"]),
    ("a conflict the human deleted stays deleted",
     {"title": "New"}, {"title": "Mine"}, {"title": "New"}, {"title": "Mine"}, []),
]


@pytest.mark.parametrize(("base", "ours", "theirs", "expected", "fields"),
                         [row[1:] for row in ROWS], ids=[row[0] for row in ROWS])
def test_merge_rule(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
                    expected: dict[str, Any], fields: list[str]) -> None:
    merged, conflicts = merge(base, ours, theirs)
    assert merged == expected
    assert [c["field"] for c in conflicts] == fields
    dump_yaml(merged)  # whatever the merge records can be written


@pytest.mark.parametrize(("base", "ours", "theirs", "expected"), [
    ("old\n", "old\n", "new\n", "new\n"),  # untouched: the new article text
    ("old\n", "mine\n", "new\n", "mine\n"),  # edited: the human's, for good
    (None, "disk\n", "new\n", "disk\n"),  # no snapshot: what is on disk
    (None, "", "new\n", "new\n"),  # no snapshot and no text: the new article text
    ("old\n", "old", "new\n", "new\n"),  # final newline stripped (editors do): no edit
    ("old\n", "old\n\n", "new\n", "new\n"),  # or one added
    ("old\n", "old", "old\n", "old"),  # nothing new: the file stays as saved
    ("old\n", "old.", "new\n", "old."),  # a real edit at the end stays
], ids=["untouched", "edited", "no-snapshot", "no-snapshot-empty", "final-newline-stripped",
        "final-newline-added", "final-newline-stripped-nothing-new", "edited-at-the-end"])
def test_merge_body(base: str | None, ours: str, theirs: str, expected: str) -> None:
    assert merge_body(base, ours, theirs) == expected


def test_base_snapshots_in_json_and_in_the_earlier_yaml_read_the_same(tmp_path: Path) -> None:
    from generator import briefs
    from generator.briefs import updating

    data = {"front_matter": {"title": "Ä: 'x' #1", "amounts": [{"value": 2.5}]},
            "body": "Text\n\nmore\u2028"}
    base = tmp_path / briefs.BASE_DIR
    base.mkdir()
    (base / "a.yaml").write_text(briefs.dump_yaml(data), "utf-8")
    (base / "b.yaml").write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    (base / "c.yaml").write_text("front_matter: [unclosed", "utf-8")
    expected = (data["front_matter"], data["body"])
    assert updating._read_base(tmp_path, "a") == expected
    assert updating._read_base(tmp_path, "b") == expected
    assert updating._read_base(tmp_path, "c") is None
