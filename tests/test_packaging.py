"""geokg as a user installs it: sdist and wheel built, the wheel installed (not
editable) into a fresh virtualenv in a temporary directory, the commands run
from another directory.

Offline and fast: the build runs without isolation (setuptools and build
come with the test extras), and the new virtualenv sees this environment's
packages through a .pth line, so only geokg itself is installed (--no-deps).
A path line in a .pth file does not run the .pth files it points to, so this
environment's editable geokg stays invisible; the tests check that geokg is
imported from the new environment. PYTHONPATH is dropped for the same reason.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from geokg.rdf.vocab import GK
from geokg.store import format_result, open_store, read_query

REPO = Path(__file__).resolve().parents[1]
SEED = sorted((REPO / "seeds").glob("*.txt"))[0]
# What a build needs from the checkout.
SOURCES = ("pyproject.toml", "README.md", "src", "ontology", "shapes", "queries")
SHIPPED = {"ontology": ".ttl", "shapes": ".ttl", "queries": ".rq"}

try:
    import build  # noqa: F401 - only its presence is checked here
except ModuleNotFoundError:
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the 'build' package is missing (pip install -e '.[test]')",
                allow_module_level=True)


@dataclass
class Installed:
    venv: Path
    dist: Path
    work: Path  # the directory commands run in, outside the checkout

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def run(self, *args: str, check: bool = False) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        result = subprocess.run(args, cwd=self.work, env=env, capture_output=True, text=True,
                                timeout=300)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    def geokg(self, *args: str) -> subprocess.CompletedProcess:
        return self.run(str(self.venv / "bin" / "geokg"), *args)


def _copy_sources(target: Path) -> None:
    """The files of SOURCES that git tracks or would track (not ignored build output)."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-co", "--exclude-standard", "--", *SOURCES],
        capture_output=True, text=True, check=True).stdout.splitlines()
    for name in listed:
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    root = tmp_path_factory.mktemp("packaging")
    source, dist, venv, work = (root / n for n in ("source", "dist", "venv", "work"))
    work.mkdir()
    _copy_sources(source)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # No --sdist/--wheel: the sdist is built, then the wheel from it (so it must be complete).
    built = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir",
                            str(dist), str(source)], capture_output=True, text=True, env=env)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv",
                    "--without-pip", str(venv)], check=True)
    (purelib,) = venv.glob("lib/python*/site-packages")
    (purelib / "_parent_environment.pth").write_text(
        "".join(f"{p}\n" for p in site.getsitepackages()), encoding="utf-8")
    installed = Installed(venv, dist, work)
    (wheel,) = dist.glob("geokg-*.whl")
    installed.run(str(installed.python), "-m", "pip", "install", "--quiet", "--no-deps",
                  "--no-index", str(wheel), check=True)
    return installed


def test_wheel_and_sdist_carry_ontology_shapes_and_queries(installed):
    (wheel,) = installed.dist.glob("geokg-*.whl")
    (sdist,) = installed.dist.glob("geokg-*.tar.gz")
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for folder, suffix in SHIPPED.items():
        for path in (REPO / folder).glob(f"*{suffix}"):
            assert f"geokg/{folder}/{path.name}" in in_wheel
            assert f"{folder}/{path.name}" in in_sdist
    assert "geokg/py.typed" in in_wheel


def test_geokg_is_imported_from_the_new_environment(installed):
    module, shapes = installed.run(
        str(installed.python), "-c",
        "import geokg, geokg.resources as r; print(geokg.__file__); print(r.folder('shapes'))",
        check=True).stdout.splitlines()
    assert Path(module).is_relative_to(installed.venv)
    assert shapes == str(Path(module).parent / "shapes")


def test_build_query_validate_reason_from_another_directory(installed):
    built = installed.geokg("build", str(SEED), "-o", "out.ttl")
    assert built.returncode == 0, built.stderr
    assert "geokg: built out.ttl: 1 article, " in built.stderr
    out = installed.work / "out.ttl"

    # A saved query by name, answered as the checkout answers its file.
    answer = installed.geokg("query", "visits", "--data", "out.ttl", "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    expected = format_result(open_store(None, [out]).query(read_query(REPO / "queries" /
                                                                      "visits.rq")), "csv")
    # W3C CSV ends its lines with CRLF; the text-mode capture reads them as "\n"
    assert answer.stdout == expected.replace("\r\n", "\n")
    assert answer.stdout.startswith("visitor,place,date,country,post,event\n")
    assert answer.stdout.count("\n") > 1  # the seed has a visit

    checked = installed.geokg("validate", "out.ttl")
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.startswith("geokg: out.ttl: conforms (")

    reasoned = installed.geokg("reason", "out.ttl")
    assert reasoned.returncode == 0, reasoned.stderr
    assert "out.ttl: consistent with the ontology" in reasoned.stderr

    # The shapes are really used: a graph missing a required property fails.
    graph = Graph().parse(out)
    graph.remove((None, GK.mentionedIn, None))
    graph.serialize(installed.work / "broken.ttl", format="turtle")
    broken = installed.geokg("validate", "broken.ttl")
    assert broken.returncode == 1
    assert "broken.ttl: does not conform to the SHACL shapes" in broken.stderr
    assert "path gk:mentionedIn" in broken.stderr


def test_analyse_gives_the_events_of_geokg_events(installed):
    listed = installed.geokg("events", str(SEED))
    assert listed.returncode == 0, listed.stderr
    script = (
        "import json, sys, geokg\n"
        "a = geokg.analyse(open(sys.argv[1], encoding='utf-8').read())\n"
        "print(json.dumps({'events': a.to_records(), 'types': [e.type for e in a.events],\n"
        "                  'triples': len(a.graph),\n"
        "                  'conforms': geokg.validate(a.graph).conforms}))\n"
    )
    analysed = installed.run(str(installed.python), "-c", script, str(SEED), check=True)
    answer = json.loads(analysed.stdout)
    expected = json.loads(listed.stdout)
    assert expected, "the seed has events"
    # The same events; only the article id differs (text has no file name).
    assert [{**e, "article": SEED.stem} for e in answer["events"]] == expected
    assert answer["types"] == [e["type"] for e in expected]
    assert answer["conforms"] is True and answer["triples"] > 100


def test_missing_shapes_is_an_error_not_a_pass(installed):
    """Issue 15, 1: without its shapes an installed geokg must not answer 'conforms'."""
    (shapes,) = installed.venv.glob("lib/python*/site-packages/geokg/shapes")
    hidden = shapes.with_name("shapes-hidden")
    (installed.work / "g.ttl").write_text(
        "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    shapes.rename(hidden)
    try:
        result = installed.geokg("validate", "g.ttl")
    finally:
        hidden.rename(shapes)
    assert result.returncode == 70
    assert result.stderr.startswith("geokg: error: shapes/: not found in the geokg package")
    assert "the installation is incomplete; reinstall geokg" in result.stderr
