"""fsutil.link_tree: a copy of a folder whose files are hard links, made anew or brought up
to date from whatever the target folder holds (the site stage's spare): both ways give the
same folder, and the source is never written into."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fsutil import link_tree

COPIED = frozenset({"c.gz"})
LEFT_OUT = frozenset({"skip"})
_NAMES = st.sampled_from(["a", "b", "c.gz", "d", "skip"])
# A folder: name -> bytes (a file), "->name" (a symbolic link) or a folder.
_TREES = st.recursive(
    st.one_of(st.binary(max_size=8), st.sampled_from(["->a", "->missing"])),
    lambda inner: st.dictionaries(_NAMES, inner, max_size=4), max_leaves=12,
).filter(lambda tree: isinstance(tree, dict))
# How the target's files came to be: a link to the source's file at the same place, a link
# to another of its files, or a file of their own.
_ORIGINS = st.lists(st.sampled_from(["same", "other", "own"]), min_size=1, max_size=30)


def _make(folder: Path, tree: dict[str, object]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in tree.items():
        if isinstance(value, dict):
            _make(folder / name, value)
        elif isinstance(value, str):
            os.symlink(value[2:], folder / name)
        else:
            (folder / name).write_bytes(value)  # type: ignore[arg-type]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _state(folder: Path) -> dict[str, object]:
    """Every entry below folder: a folder, a symbolic link's target, or a file's bytes and
    inode."""
    state: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            state[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            state[rel] = "folder"
        else:
            state[rel] = (path.read_bytes(), path.stat().st_ino)
    return state


def _spare(target: Path, source: Path, tree: dict[str, object], origins: list[str]) -> None:
    """target made from tree, its files then made links to source's as origins say."""
    _make(target, tree)
    mine = _files(source)
    for number, path in enumerate(_files(target)):
        origin = origins[number % len(origins)]
        other = source / path.relative_to(target)
        if origin == "same" and other.is_file() and not other.is_symlink():
            path.unlink()
            os.link(other, path)
        elif origin == "other" and mine:
            path.unlink()
            os.link(mine[number % len(mine)], path)


@settings(max_examples=50)  # each example writes three folders
@given(_TREES, _TREES, _ORIGINS)
def test_a_target_brought_up_to_date_equals_a_new_copy(source_tree: dict[str, object],
                                                       spare_tree: dict[str, object],
                                                       origins: list[str]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        source, fresh, spare = root / "source", root / "fresh", root / "spare"
        _make(source, source_tree)
        _spare(spare, source, spare_tree, origins)
        before = _state(source)
        left = {rel: value for rel, value in _state(spare).items()
                if rel.split("/")[0] in LEFT_OUT}
        link_tree(source, fresh, leave_out=LEFT_OUT, copied=COPIED)
        link_tree(source, spare, leave_out=LEFT_OUT, copied=COPIED)
        assert _state(source) == before  # nothing was written into the source
        new, updated = _state(fresh), _state(spare)
        # The folders left out: not copied, and the target's left as they were.
        assert not any(rel.split("/")[0] in LEFT_OUT for rel in new)
        assert {rel: value for rel, value in updated.items()
                if rel.split("/")[0] in LEFT_OUT} == left
        updated = {rel: value for rel, value in updated.items() if rel not in left}
        assert updated.keys() == new.keys()
        for rel, value in new.items():
            ours = updated[rel]
            if not isinstance(value, tuple) or value[0] == "link":
                assert ours == value, rel
                continue
            assert isinstance(ours, tuple) and ours[0] == value[0], rel
            original = before[rel]
            assert isinstance(original, tuple)
            linked = rel.rsplit("/", 1)[-1] not in COPIED
            # A link to the source's file in both, or a copy of it in both.
            assert (value[1] == original[1]) is linked and (ours[1] == original[1]) is linked


def test_a_target_of_the_same_links_is_left_as_it_is(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    _make(source, {"a": b"1", "d": {"b": b"2"}})
    link_tree(source, target)
    folder = (target / "d").stat()
    link_tree(source, target)
    assert (target / "d").stat().st_mtime_ns == folder.st_mtime_ns  # no link made again
    assert (target / "d" / "b").stat().st_ino == (source / "d" / "b").stat().st_ino
