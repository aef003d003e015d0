"""Corpus-level tables built ahead (baochi.facts.corpus_build) are the tables the assets build, and
are not taken once a batch table changed."""

import os
import shutil

import pytest

from baochi.facts import corpus_build
from baochi.facts.registry import corpus_builders
from baochi.storage import table_dir


@pytest.fixture(scope="module")
def warehouse(seeded_warehouse, tmp_path_factory):
    """A copy of the seeded warehouse: a test here touches a part's modification time."""
    copy = tmp_path_factory.mktemp("ahead") / "wh"
    shutil.copytree(seeded_warehouse, copy)
    return copy


def test_tables_built_ahead_are_the_tables_built_in_the_step(warehouse):
    corpus_build.start_ahead(warehouse)
    try:
        for module in corpus_builders():
            ahead = corpus_build.take_ahead(warehouse, module.TABLE)
            assert ahead is not None and ahead.height > 0
            assert ahead.equals(corpus_build.build_table(module, warehouse))
    finally:
        corpus_build.forget_ahead(warehouse)
    assert corpus_build.take_ahead(warehouse, "stories") is None  # forgotten


def test_a_batch_table_rewritten_since_makes_them_stale(warehouse):
    corpus_build.start_ahead(warehouse)
    try:
        part = sorted(table_dir(warehouse, "mentions").glob("*.parquet"))[0]
        stat = part.stat()
        os.utime(part, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # what a rewrite leaves
        assert corpus_build.take_ahead(warehouse, "entities") is None
        assert corpus_build.take_ahead(warehouse, "stories") is None
    finally:
        corpus_build.forget_ahead(warehouse)


def test_a_table_is_taken_once(warehouse):
    corpus_build.start_ahead(warehouse)
    try:
        assert corpus_build.take_ahead(warehouse, "entities") is not None
        assert corpus_build.take_ahead(warehouse, "entities") is None  # the asset took it: not kept
    finally:
        corpus_build.forget_ahead(warehouse)


def _builder(table):
    return next(m for m in corpus_builders() if m.TABLE == table)


def test_a_builder_that_fails_ahead_is_built_again_in_the_step(warehouse, monkeypatch):
    monkeypatch.setattr(_builder("stories"), "build", lambda tables: 1 / 0)
    corpus_build.start_ahead(warehouse)
    try:
        assert corpus_build.take_ahead(warehouse, "entities") is not None
        assert corpus_build.take_ahead(warehouse, "stories") is None
    finally:
        corpus_build.forget_ahead(warehouse)


def test_after_a_failure_the_tables_that_read_it_are_not_built_from_its_old_copy(warehouse, monkeypatch):
    """entities failing ahead: stories would read the entities stored by the refresh before."""
    stories, calls = _builder("stories"), []
    build = stories.build
    monkeypatch.setattr(_builder("entities"), "build", lambda tables: 1 / 0)
    monkeypatch.setattr(stories, "build", lambda tables: calls.append(1) or build(tables))
    corpus_build.start_ahead(warehouse)
    try:
        assert corpus_build.take_ahead(warehouse, "entities") is None
        assert corpus_build.take_ahead(warehouse, "stories") is None
    finally:
        corpus_build.forget_ahead(warehouse)
    assert calls == []
