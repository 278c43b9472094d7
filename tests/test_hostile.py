"""Hostile text through the whole pipeline: valid, escaped literals and safe IRIs.

Hand-written articles full of quotes, backslashes, markup, braces, control
characters, right-to-left marks and emoji are built to Turtle, TriG, N-Quads
and JSON-LD with geokg.pipeline.build; every output must parse with rdflib
AND pyoxigraph (the same number of statements: nothing silently dropped),
conform to shapes/, keep the hostile strings exactly, and mint only IRIs
without spaces, <>"{}|^`\\ or control characters, whatever the order of the
articles.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from geokg.cli.commands import main
from geokg.errors import InputError
from geokg.pipeline import build
from geokg.rdf.iris import check_base, slug
from geokg.rdf.mapper import GK, NIF, SCHEMA, safe_url
from geokg.rdf.validate import validate
from geokg.read.article import read_article

BASE = "https://example.org/kg/"
PERSON = 'Jean "Le Grand" O\'Neil\\'
HEADLINE = 'Envoy <script>alert(1)</script> visits {Paris} | ^ ` \\ "quoted"'
ARTICLES = {
    "hostile_person.txt": (
        f"{HEADLINE}\n"
        f"President {PERSON} of France visited Germany on Monday, 3 March 2025. "
        '"We will """never""" back down,\\n not ever \\\\ <b>{x}</b>," said the French '
        "president.\n"
        "The Ministry of <script>Defence</script> {Corp} deployed 4,000 troops to Poland "
        "on Tuesday. Russia sanctioned the United States.\n"
        'The United Nations said: "Peace <now> & {forever} \\u0000 ``` \'\'\' ".\n'
        f"By {PERSON}\n"
    ),
    "controls.txt": (
        "Bell\x07 ringer visits France\x7f\n"
        "The president of France, Marie\x01 Dubois\x1b[31m, visited Germany\x0b on\x0c Monday"
        "\x7f. Russia\x08 attacked Ukraine\x1f on Tuesday.\x85 Talks\x9f follow\ufffe.\x0e\n"
    ),
    "rtl emoji.md": (
        "---\n"
        'title: "Title \\u202e reversed \\x07 bell \U0001F680"\n'
        "published: 2025-03-03\n"
        'publisher: "Wire \\"\\"\\" <b>"\n'
        'url: "http://exa mple.org/a b/<x>{y}|^`\\\\?q=%zz&r=\\"1\\"#f#g"\n'
        f'author: "{PERSON.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"\n'
        "---\n"
        "# Foreign Minister Ana\u200f María\u202e Ruiz 🇫🇷🚀 in Berlin\n"
        "Foreign Minister Ana\u200f María\u202e Ruiz 🇫🇷🚀 met German Chancellor Olaf Scholz in "
        "Berlin on 5 March 2025. France and Germany signed an agreement 🤝 there.\n"
    ),
    'Jean "x" <y> {z}.txt': (
        "Plain headline\n"
        "Japan and China held talks in Tokyo on 2 May 2025 about trade.\n"
    ),
}
FORMATS = {  # suffix -> (rdflib parser, pyoxigraph format)
    "ttl": ("turtle", ox.RdfFormat.TURTLE),
    "trig": ("trig", ox.RdfFormat.TRIG),
    "nq": ("nquads", ox.RdfFormat.N_QUADS),
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
}
UNSAFE_IRI = re.compile(r'[\s<>"{}|^`\\\x00-\x1f\x7f-\x9f]')
UNSAFE_LITERAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def write_articles(folder: Path, names=None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names or ARTICLES:
        path = folder / name
        path.write_text(ARTICLES[name], encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def built(tmp_path_factory, nlp) -> dict[str, Path]:
    """The hostile articles built once to each format (no cache)."""
    folder = tmp_path_factory.mktemp("hostile")
    paths = write_articles(folder / "in")
    out = {}
    for suffix in FORMATS:
        out[suffix] = folder / f"kg.{suffix}"
        build(paths, out[suffix], base=BASE, progress=None, cache_dir=None)
    return out


def merged(data: Dataset) -> Graph:
    """All triples of every graph of `data` in one Graph."""
    graph = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def parse_both(path: Path, suffix: str) -> tuple[Dataset, list]:
    rdflib_name, ox_format = FORMATS[suffix]
    data = Dataset()
    data.parse(path, format=rdflib_name)
    return data, list(ox.parse(path=str(path), format=ox_format))


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_output_parses_with_rdflib_and_pyoxigraph_alike_and_conforms(built, suffix):
    data, quads = parse_both(built[suffix], suffix)
    statements = set(data.quads((None, None, None, None)))
    assert len(statements) == len(set(quads)) > 100  # nothing dropped by either parser
    report = validate(data)
    assert report.conforms, report.text
    if suffix in ("trig", "nq", "jsonld"):
        names = {str(g.identifier) for g in data.graphs() if len(g)}
        assert names == {BASE + "graph/" + slug(Path(n).stem) for n in ARTICLES}


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_minted_iris_are_safe_and_literals_carry_no_control_characters(built, suffix):
    data, _ = parse_both(built[suffix], suffix)
    iris = {t for q in data.quads((None, None, None, None)) for t in q[:3]
            if isinstance(t, URIRef)}
    ours = {str(i) for i in iris if str(i).startswith(BASE)}
    assert len(ours) > 30
    assert [i for i in ours if UNSAFE_IRI.search(i)] == []
    literals = {str(o) for _, _, o, _ in data.quads((None, None, None, None))
                if isinstance(o, Literal)}
    assert [v for v in literals if UNSAFE_LITERAL.search(v)] == []


def test_hostile_strings_survive_exactly(built):
    graph = merged(parse_both(built["nq"], "nq")[0])
    headlines = {str(o) for o in graph.objects(None, SCHEMA.headline)}
    assert HEADLINE in headlines
    assert "Foreign Minister Ana\u200f María\u202e Ruiz 🇫🇷🚀 in Berlin" in headlines
    assert "Bell  ringer visits France" in headlines  # BEL and DEL became spaces
    authors = {str(graph.value(a, RDFS.label)) for a in graph.objects(None, SCHEMA.author)}
    assert authors == {PERSON}
    assert {str(o) for o in graph.objects(None, SCHEMA.publisher)} == {'Wire """ <b>'}
    assert {str(o) for o in graph.objects(None, SCHEMA.url)} == {
        "http://exa%20mple.org/a%20b/%3Cx%3E%7By%7D%7C%5E%60%5C?q=%25zz&r=%221%22#f%23g"}
    assert 'Jean "x" <y> {z}.txt' in {str(o) for o in graph.objects(None, GK.sourceFile)}


def test_every_sentence_literal_is_the_exact_slice_of_its_article(built, tmp_path):
    """nif:anchorOf == text[begin:end], hostile characters included (offsets survive)."""
    data = merged(parse_both(built["trig"], "trig")[0])
    texts = {slug(Path(n).stem): read_article(p).text
             for n, p in zip(ARTICLES, write_articles(tmp_path), strict=True)}
    sentences = list(data.subjects(RDF.type, GK.Sentence))
    assert len(sentences) >= 5
    for sentence in sentences:
        article = str(data.value(sentence, GK.inArticle)).rsplit("/", 1)[-1]
        begin = int(data.value(sentence, NIF.beginIndex))
        end = int(data.value(sentence, NIF.endIndex))
        assert str(data.value(sentence, NIF.anchorOf)) == texts[article][begin:end]


def test_iris_do_not_depend_on_the_order_of_articles(built, tmp_path):
    paths = write_articles(tmp_path / "in", list(reversed(ARTICLES)))
    again = tmp_path / "reversed.nq"
    build(paths, again, base=BASE, progress=None, cache_dir=None)
    assert set(again.read_text().splitlines()) == set(built["nq"].read_text().splitlines())


# --- the reader: what cannot be carried is replaced, what cannot be decoded is refused ----


def test_control_characters_become_spaces_one_for_one(tmp_path):
    raw = ARTICLES["controls.txt"]
    article = read_article(write_articles(tmp_path, ["controls.txt"])[0])
    assert len(article.text) == len(raw)
    assert article.text == re.sub("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe]", " ", raw)
    assert article.headline == "Bell  ringer visits France"


def test_yaml_escapes_cannot_bring_control_characters_back(tmp_path):
    article = read_article(write_articles(tmp_path, ["rtl emoji.md"])[0])
    assert article.title == "Title \u202e reversed   bell \U0001F680"
    assert article.author == PERSON


def test_encoded_lone_surrogate_is_invalid_utf8_with_offset(tmp_path):
    path = tmp_path / "s.txt"
    path.write_bytes(b"Headline\nLone \xed\xa0\x80 surrogate\n")
    with pytest.raises(InputError, match=r"s\.txt: is not valid UTF-8 \(bad byte at offset 14\)"):
        read_article(path)


def test_utf16_lone_surrogate_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Headline\nLone ".encode("utf-16-le") + b"\x00\xd8"
                     + " here\n".encode("utf-16-le"))
    with pytest.raises(InputError, match=r"s\.txt: is not valid UTF-16 \(bad byte at offset"):
        read_article(path)


def test_relative_url_in_front_matter_is_refused(tmp_path):
    path = tmp_path / "u.md"
    path.write_text("---\nurl: not a url\n---\nHeadline\nBody text.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"u\.md: front matter 'url: not a url' is not an "
                                         r"absolute URL — write it with its scheme"):
        read_article(path)


def non_utf8_name_folder(tmp_path: Path) -> Path:
    """A folder holding one article whose file name is Latin-1 bytes, not UTF-8."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = b"caf\xe9 <x>.txt".decode("utf-8", "surrogateescape")  # as os.listdir gives it
    (folder / name).write_text(ARTICLES['Jean "x" <y> {z}.txt'], encoding="utf-8")
    return folder


def test_file_name_that_is_not_utf8_gives_events(tmp_path, nlp):
    out = tmp_path / "events.json"
    result = CliRunner().invoke(main, ["events", str(non_utf8_name_folder(tmp_path)),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert '"article": "caf\ufffd <x>"' in out.read_text(encoding="utf-8")


def test_file_name_that_is_not_utf8_still_builds(tmp_path, nlp):
    folder = non_utf8_name_folder(tmp_path)
    out = tmp_path / "kg.nq"
    build([folder], out, base=BASE, progress=None, cache_dir=None)
    data, quads = parse_both(out, "nq")
    assert len(set(data.quads((None, None, None, None)))) == len(quads) > 10
    assert {str(o) for o in merged(data).objects(None, GK.sourceFile)} == {"caf\ufffd <x>.txt"}
    assert {str(g.identifier) for g in data.graphs() if len(g)} == {BASE + "graph/caf-x"}


# --- IRIs from user input: the url of the front matter and --base ------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
       st.sampled_from(["http://", "https://", "mailto:", "urn:x:", "http://[::1]:8080/"]))
def test_safe_url_is_always_a_valid_iri(rest, scheme):
    iri = safe_url(scheme + rest)
    ox.NamedNode(iri)  # pyoxigraph's IRI parser is strict (RFC 3987)
    assert not UNSAFE_IRI.search(iri)
    assert Graph().parse(data=f"<{iri}> <{iri}> <{iri}> .", format="nt")


@pytest.mark.parametrize("base", ["https://example.org/a b/", "example.org/kg/",
                                  'https://example.org/"kg"/', "https://example.org/%zz/"])
@pytest.mark.parametrize("command", ["build", "events"])
def test_bad_base_is_a_usage_error_before_any_work(base, command, tmp_path):
    article = write_articles(tmp_path, ['Jean "x" <y> {z}.txt'])[0]
    result = CliRunner().invoke(main, [command, str(article), "--base", base,
                                       "-o", str(tmp_path / "out.nq")])
    assert result.exit_code == 2
    assert "Invalid value for '--base'" in result.output
    assert "give an absolute IRI such as https://w3id.org/geokg/id/" in result.output
    assert not (tmp_path / "out.nq").exists()


def test_check_base_accepts_hash_and_urn_bases():
    assert check_base("https://example.org/kg#") == "https://example.org/kg#"
    assert check_base("urn:geokg:") == "urn:geokg:"
