"""The ontology, SHACL shapes and saved queries that geokg ships, wherever it is installed.

They live in the top-level folders ontology/, shapes/ and queries/ of the
repository. A wheel carries them as package data (geokg/ontology, ... mapped
by pyproject.toml), found with importlib.resources; a source checkout
(`pip install -e .`, or PYTHONPATH=src) has only the top-level folders, two
levels above this file. A folder found in neither place, or holding none of
its files, is an InstallationError: validating against no shapes would pass
every graph.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from geokg.errors import InstallationError

# folder -> the suffix of the files geokg reads from it
SUFFIX = {"ontology": ".ttl", "shapes": ".ttl", "queries": ".rq"}
# PyYAML's SafeLoader on libyaml's parser where PyYAML was built with it: the same objects,
# read about ten times faster (the data files cost a second of every process's start-up
# with the pure-Python parser). Loaders made for geokg's files derive from it too.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def folder(name: str) -> Traversable:
    """The installed folder `name` (a key of SUFFIX): package data first, then the checkout."""
    packaged = resources.files("geokg").joinpath(name)
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise InstallationError(
        f"{name}/: not found in the geokg package ({packaged}) nor in a source checkout "
        f"({checkout}) — the installation is incomplete; reinstall geokg")


def files(name: str) -> list[Traversable]:
    """The files of folder `name` with its suffix, sorted by name; never an empty list."""
    where = folder(name)
    found = sorted((f for f in where.iterdir() if f.name.endswith(SUFFIX[name]) and f.is_file()),
                   key=lambda f: f.name)
    if not found:
        raise InstallationError(
            f"{where}: holds no *{SUFFIX[name]} file — the installation is incomplete; "
            "reinstall geokg")
    return found


def file(name: str, file_name: str) -> Traversable:
    """One file of folder `name`, or an InstallationError naming it."""
    found = folder(name).joinpath(file_name)
    if not found.is_file():
        raise InstallationError(
            f"{found}: missing — the installation is incomplete; reinstall geokg")
    return found


def data_text(name: str) -> str:
    """The text of one file of geokg/data."""
    return resources.files("geokg").joinpath("data", name).read_text(encoding="utf-8")


def read_data(name: str) -> Any:
    """Read one YAML file from geokg/data."""
    return load_yaml(data_text(name))


def load_yaml(text: str) -> Any:
    """`yaml.safe_load(text)` (the same objects), parsed by `SafeLoader`."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 (a safe loader)


CACHE_ENV = "GEOKG_CACHE_HOME"  # a folder, or "off": no start-up cache


def startup_cache_folder() -> Path | None:
    """Where what every process would make again the same (the gazetteer, the parsed
    ontology and shapes) is kept between processes: $GEOKG_CACHE_HOME, else
    $XDG_CACHE_HOME/geokg, else ~/.cache/geokg; None when $GEOKG_CACHE_HOME is "off"."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "geokg"


T = TypeVar("T")


def startup_cached(name: str, key: str, make: Callable[[], T],
                   valid: Callable[[Any], bool]) -> T:
    """What `make()` returns, read from the start-up cache (`name`-`key`.pickle) when it
    holds a `valid` value there, else made and stored for the next process. The key
    names what the value is made from, so a stale file is never read; a missing,
    damaged or unwritable file only costs the making."""
    folder = startup_cache_folder()
    if folder is None:
        return make()
    path = folder / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as stream:
            value = pickle.load(stream)  # noqa: S301 (written by store_pickle, under its key)
        if valid(value):
            return value
    except Exception:  # noqa: BLE001, S110 (a missing or damaged file is made again)
        pass
    value = make()
    store_pickle(path, value)
    return value


def store_pickle(path: Path, value: object) -> None:
    """Pickle `value` to `path` atomically (workers may write it at once); errors ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(value, stream, pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
