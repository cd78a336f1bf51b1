"""Loaded knowledge bases kept in the user's cache folder (kb.stored)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import kb as kbmod
from generator.errors import ConfigError


def _same(a: kbmod.KnowledgeBase, b: kbmod.KnowledgeBase) -> None:
    assert a.entries == b.entries
    assert a.data == b.data
    assert a.keywords() == b.keywords()


def _no_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(project_folder: Path | None = None) -> kbmod.KnowledgeBase:
        raise AssertionError("loaded from YAML although it was kept")

    monkeypatch.setattr(kbmod, "load", fail)


def test_a_knowledge_base_is_kept_and_read_back_the_same(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    first = kbmod.stored(None, tmp_path)
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    plain = kbmod.load(None)
    _no_load(monkeypatch)
    again = kbmod.stored(None, tmp_path)
    _same(again, plain)
    _same(first, plain)
    assert again.find("Nvidia and TSMC") == plain.find("Nvidia and TSMC")


def test_an_edited_knowledge_folder_is_loaded_again(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "actors.yaml").write_text("- name: Quollwerk Fabrik\n", "utf-8")
    store = tmp_path / "store"
    before = kbmod.stored(knowledge, store)
    (knowledge / "actors.yaml").write_text("- name: Quollwerk Fabrik\n"
                                           "- name: Numbat Kraftwerke\n", "utf-8")
    after = kbmod.stored(knowledge, store)
    assert before.lookup("actor", "Numbat Kraftwerke") is None
    assert after.lookup("actor", "Numbat Kraftwerke") is not None
    assert len(list(store.glob("*.pickle"))) == 2


def test_a_broken_knowledge_file_raises_as_load_does_and_keeps_nothing(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "actors.yaml").write_text("- name: X\n  kind: organisation\n", "utf-8")
    with pytest.raises(ConfigError) as raised:
        kbmod.load(knowledge)
    with pytest.raises(ConfigError) as stored:
        kbmod.stored(knowledge, tmp_path / "store")
    assert str(stored.value) == str(raised.value)
    assert not list((tmp_path / "store").glob("*.pickle"))


def test_a_damaged_file_is_loaded_again_and_replaced(tmp_path: Path) -> None:
    kbmod.stored(None, tmp_path)
    (kept,) = tmp_path.glob("*.pickle")
    kept.write_bytes(kept.read_bytes()[:1000])
    _same(kbmod.stored(None, tmp_path), kbmod.load(None))
    _same(kbmod.stored(None, tmp_path), kbmod.load(None))
    assert kept.stat().st_size > 1000


def test_a_folder_that_takes_no_files_is_not_used(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", "utf-8")
    _same(kbmod.stored(None, blocked / "kb"), kbmod.load(None))


def test_only_the_newest_files_are_kept(tmp_path: Path) -> None:
    for number in range(kbmod.STORE_KEEP + 2):
        old = tmp_path / f"{number:064x}.pickle"
        old.write_bytes(b"old")
        os.utime(old, (number, number))
    kbmod.stored(None, tmp_path)
    kept = sorted(p.name for p in tmp_path.glob("*.pickle"))
    assert len(kept) == kbmod.STORE_KEEP
    assert f"{0:064x}.pickle" not in kept and f"{1:064x}.pickle" not in kept
