"""The NLP stage: one model per process, gazetteer ruler before NER."""

from __future__ import annotations

import pytest

from geokg.entities import ruler
from geokg.errors import GeokgError
from geokg.language import nlp as nlp_mod


def test_model_is_loaded_once(nlp):
    assert ruler.get_nlp() is nlp
    assert nlp.pipe_names.index("gazetteer_ruler") < nlp.pipe_names.index("ner")


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_ruler_labels_capital_as_place(nlp):
    assert ("Kyiv", "GPE") in ents(nlp, "Kyiv said the talks went well.")
    assert ("Kiev", "GPE") in ents(nlp, "Kiev welcomed the decision.")


def test_ruler_region_is_loc_not_product(nlp):
    found = ents(nlp, "Troops fought in the Kursk region and in Russia's Kursk border region.")
    assert ("Kursk region", "LOC") in found
    assert ("Kursk border region", "LOC") in found


def test_ruler_demonyms_countries_orgs(nlp):
    found = ents(nlp, "North Korean troops reached Russia, the Pentagon and NATO said.")
    assert found == [("North Korean", "NORP"), ("Russia", "GPE"), ("Pentagon", "ORG"),
                     ("NATO", "ORG")]


def test_parse_many_keeps_order(nlp, make_article):
    arts = [make_article("Japan protested."), make_article("Kyiv replied.")]
    docs = list(ruler.parse_many(arts))
    assert [d.text for d in docs] == ["Japan protested.", "Kyiv replied."]


def test_env_override_names_missing_model(monkeypatch):
    monkeypatch.setenv(nlp_mod.ENV_MODEL, "no_such_model_xyz")
    with pytest.raises(GeokgError, match="no_such_model_xyz.*GEOKG_SPACY_MODEL"):
        nlp_mod._base_model()


def test_a_sentence_never_runs_across_a_paragraph_break(nlp):
    """Boundaries are set before the parser sees the text, whatever it would guess."""
    from geokg.language.nlp import paragraph_breaks

    doc = paragraph_breaks(nlp.make_doc("Talks went on late into the night\n\nthe envoy left"))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Talks", "the"]
    assert "paragraph_breaks" in nlp.pipe_names
    assert nlp.pipe_names.index("paragraph_breaks") < nlp.pipe_names.index("parser")
    parsed = nlp("Talks went on late into the night\n\nthe envoy left")
    assert [s.text.strip() for s in parsed.sents] == [
        "Talks went on late into the night", "the envoy left"]


def test_long_body_is_parsed_in_pieces_with_the_offsets_of_the_whole(nlp, make_article,
                                                                       monkeypatch):
    """A body above spaCy's max_length (E088 before) is parsed in pieces cut at paragraph
    breaks and joined: the same text, tokens, sentences and entities as one parse."""
    paragraph = ("Japan and the Philippines signed a defence pact in Manila on Monday. "
                 "Russia protested, the Kremlin said.\n\n")
    article = make_article(paragraph * 40)
    whole = ruler.parse(article)
    monkeypatch.setattr(nlp, "max_length", 1000)
    with pytest.raises(ValueError, match="E088"):
        nlp(nlp_mod.parse_text(article))
    pieced = ruler.parse(article)
    assert len(nlp_mod.pieces(nlp_mod.parse_text(article), 1000)) == 5
    assert pieced.text == whole.text == nlp_mod.parse_text(article)
    assert [(t.idx, t.text) for t in pieced] == [(t.idx, t.text) for t in whole]
    assert [s.start_char for s in pieced.sents] == [s.start_char for s in whole.sents]
    assert [(e.start_char, e.label_) for e in pieced.ents] == \
        [(e.start_char, e.label_) for e in whole.ents]


def test_pieces_cut_after_paragraph_breaks_and_join_back():
    text = "a b c\n\nd e\nf g h i j k"
    assert nlp_mod.pieces(text, 9) == ["a b c\n\n", "d e\n", "f g h i ", "j k"]
    assert nlp_mod.pieces("x" * 10, 4) == ["xxxx", "xxxx", "xx"]
    assert nlp_mod.pieces("", 4) == [""]


def test_plain_words_give_the_tokenizers_tokens_for_every_gazetteer_name(nlp):
    """The ruler's start-up shortcut makes the Docs the tokenizer makes, name for name."""
    from geokg.entities import gazetteer

    tokenizer = nlp.tokenizer
    plain = nlp_mod.PlainWords(tokenizer)
    texts = [p["pattern"] for p in gazetteer.default_ruler_patterns()
             if isinstance(p["pattern"], str)]
    shortcut = 0
    for text in texts:
        words = [(t.text, t.whitespace_) for t in plain(text)]
        assert words == [(t.text, t.whitespace_) for t in tokenizer(text)], text
        shortcut += plain._PLAIN.match(text) is not None
    assert shortcut > len(texts) / 2  # most names are plain words


def test_plain_words_leave_special_cases_and_punctuation_to_the_tokenizer(nlp):
    plain = nlp_mod.PlainWords(nlp.tokenizer)
    assert [t.text for t in plain("Freedonia cannot")] == ["Freedonia", "can", "not"]
    assert [t.text for t in plain("Guinea-Bissau")] == ["Guinea", "-", "Bissau"]
    assert [t.text for t in plain("Port  Royal")] == [t.text for t in nlp.tokenizer("Port  Royal")]
    assert not isinstance(nlp.tokenizer, nlp_mod.PlainWords)  # put back after the ruler
