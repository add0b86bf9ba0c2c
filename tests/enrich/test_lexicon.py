"""Lexicon concepts in English, Chinese and mixed text; user lexicons; the pretrained path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from graph.errors import BadInput
from loaders.enrich.lexicon import LexiconMatcher, load_lexicon, read_lexicon
from loaders.enrich.pretrained import PretrainedConcepts, load_pretrained, noun_chunk_concepts

REQUIRED = {"hallucination": "幻觉", "privacy": "隐私", "misdiagnosis": "误诊", "dependence": "依赖",
            "suicide risk": "自杀风险", "workload": "工作量"}


@pytest.fixture(scope="module")
def matcher() -> LexiconMatcher:
    return LexiconMatcher(load_lexicon())


def test_shipped_lexicon_is_bilingual_and_large_enough() -> None:
    lexicon = load_lexicon()
    by_name = {e.name: e for e in lexicon.entries}
    assert len(by_name) >= 36
    for name, zh in REQUIRED.items():
        assert zh in by_name[name].zh and name in by_name[name].en
    assert all(e.en and e.zh for e in lexicon.entries)


def test_english_chinese_and_mixed(matcher: LexiconMatcher) -> None:
    found = matcher.match_many([
        "The model's Hallucinations worry me, and PRIVACY too.",
        "我担心误诊，患者会过度依赖，还有自杀风险和工作量。",
        "用ChatGPT的时候，hallucination问题和隐私都要注意",
        "An asterisk is not a risk; suicidal ideation is.",
        "误诊率很高，依赖性也强。",
    ])
    assert found[0] == {"hallucination", "privacy"}
    assert {"misdiagnosis", "dependence", "suicide risk", "workload"} <= found[1]
    assert {"large language model", "hallucination", "privacy"} <= found[2]
    assert found[3] == {"suicide risk"}
    assert found[4] == {"misdiagnosis", "dependence"}  # terms inside longer words still match


def test_user_lexicon_adds_concepts_and_forms(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"concepts": [
        {"name": "Sleep", "en": ["insomnia"], "zh": ["失眠", "睡眠"]},
        {"name": "privacy", "en": ["secrecy"]},
    ]}), encoding="utf-8")
    m = LexiconMatcher(load_lexicon([path]))
    assert m.match_many(["Insomnia and secrecy", "他失眠了"]) == [{"sleep", "privacy"}, {"sleep"}]
    assert m.entry("sleep").concept().label == "sleep / 失眠"
    bad = tmp_path / "bad.json"
    bad.write_text('{"concepts": [{"en": ["x"]}]}', encoding="utf-8")
    with pytest.raises(BadInput, match="concept 1"):
        read_lexicon(bad)


def test_pretrained_pipeline_must_be_installed() -> None:
    with pytest.raises(BadInput, match="not installed"):
        load_pretrained("xx_no_such_pipeline_sm")


def test_noun_chunks_become_lemma_concepts() -> None:
    # A parsed doc made by hand, as a pretrained English pipeline would annotate it.
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["The", "wrong", "doses", "worried", "Dr.", "Wang", "and", "me"],
              pos=["DET", "ADJ", "NOUN", "VERB", "PROPN", "PROPN", "CCONJ", "PRON"],
              lemmas=["the", "wrong", "dose", "worry", "Dr.", "Wang", "and", "I"],
              heads=[2, 2, 3, 3, 5, 3, 5, 5], deps=["det", "amod", "nsubj", "ROOT", "compound", "dobj", "cc", "conj"])
    assert [(c.name, c.language) for c in noun_chunk_concepts(doc)] == [("wrong dose", "en")]
    assert noun_chunk_concepts(nlp("no parse here")) == []


def test_a_saved_pipeline_with_lemmas_matches_by_lemma(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    nlp.initialize()
    ruler.add([[{"LOWER": {"IN": ["misdiagnosing", "misdiagnose"]}}]], {"LEMMA": "misdiagnose"})
    nlp.to_disk(tmp_path / "pipeline")
    pretrained = PretrainedConcepts(load_pretrained(str(tmp_path / "pipeline")), load_lexicon())
    [(names, chunks)] = pretrained.concepts_many(["They keep misdiagnosing mild cases."])
    assert names == {"misdiagnosis"} and chunks == []
