"""The gazetteer's start-up cache: built once per data, read back the same, never stale."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from geokg import resources
from geokg.entities import gazetteer


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """A start-up cache folder of this test's own; the process-wide gazetteer is made
    again after the test (from the user's cache, as before)."""
    monkeypatch.setenv(resources.CACHE_ENV, str(tmp_path))
    gazetteer._startup.cache_clear()
    yield tmp_path
    gazetteer._startup.cache_clear()


def contents(gaz: gazetteer.Gazetteer) -> dict:
    """Every field, name indexes as their dictionaries (they have no equality of their own)."""
    out = {}
    for f in dataclasses.fields(gaz):
        value = getattr(gaz, f.name)
        out[f.name] = vars(value) if hasattr(value, "folded") else value
    return out


def test_built_once_then_read_back_the_same(cache_home, monkeypatch):
    built, patterns = gazetteer._startup()
    (stored,) = cache_home.glob("gazetteer-*.pickle")
    assert stored.name == f"gazetteer-{gazetteer.data_key()}.pickle"
    assert patterns == built.ruler_patterns()

    gazetteer._startup.cache_clear()
    monkeypatch.setattr(gazetteer, "_build", lambda: pytest.fail("built again"))
    read, read_patterns = gazetteer._startup()
    assert read is not built
    assert contents(read) == contents(built)
    assert read_patterns == patterns
    assert gazetteer.load() is read and gazetteer.default_ruler_patterns() is read_patterns


def test_damaged_file_is_built_again(cache_home, monkeypatch):
    path = cache_home / f"gazetteer-{gazetteer.data_key()}.pickle"
    path.write_bytes(b"not a pickle")
    small = gazetteer.Gazetteer()
    monkeypatch.setattr(gazetteer, "_build", lambda: small)
    monkeypatch.setattr(gazetteer.Gazetteer, "ruler_patterns", lambda self: [{"label": "X"}])
    assert gazetteer._startup() == (small, [{"label": "X"}])
    assert pickle.loads(path.read_bytes())[1] == [{"label": "X"}]  # replaced


def test_key_follows_the_data(monkeypatch):
    before = gazetteer.data_key()
    real = gazetteer.data_text
    monkeypatch.setattr(gazetteer, "data_text",
                        lambda name: real(name) + ("\n# edited" if name == "people.yaml" else ""))
    assert gazetteer.data_key() != before


def test_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(resources.CACHE_ENV, "off")
    assert resources.startup_cache_folder() is None
    monkeypatch.setenv(resources.CACHE_ENV, str(tmp_path / "c"))
    assert resources.startup_cache_folder() == tmp_path / "c"


def test_unwritable_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    # a file where a folder goes
    resources.store_pickle(blocker / "sub" / "gazetteer-x.pickle", [1])
    assert blocker.read_text() == ""
