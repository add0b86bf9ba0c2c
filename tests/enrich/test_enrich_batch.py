"""`enrich_batch`: redaction with re-keyed quotes, language, concepts; and the issue's "Done when":
a quote with an email, a phone number, an ID number and "Dr. Wang" is stored with four
placeholders and no trace of the originals in the graph, its JSON export or the logs."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from graph.codebook import reference_codebook, reference_study
from graph.model import Coding, Expert, GraphBatch, Mention, Profession, Quote, Source
from graph.naming import expert_uid, quote_uid, source_uid
from graph.quotes import QuoteQuery
from graph.store import GraphStore
from loaders.enrich import EnrichOptions, enrich_batch
from loaders.jsonl import jsonl_lines

STUDY = "enrich"
ORIGINALS = ["wang.li@hospital.com.cn", "13812345678", "11010519491231002X", "Wang"]
PII_TEXT = ("Write to wang.li@hospital.com.cn or call 13812345678; my ID is 11010519491231002X. "
            "Dr. Wang said the chatbot hallucinated a dose.")
PII_REDACTED = "Write to [EMAIL] or call [PHONE]; my ID is [ID]. Dr. [NAME] said the chatbot hallucinated a dose."


def make_batch(texts: list[str], offsets: bool = False) -> GraphBatch:
    """One expert, one source, each text a quote coded 'Misleading information' (and 'User risk')."""
    codebook = reference_codebook(STUDY)
    misleading = next(s for s in codebook.subthemes if s.name == "Misleading information")
    user_risk = next(s for s in codebook.subthemes if s.name == "User risk")
    expert = Expert(expert_uid(STUDY, "P01"), STUDY, "P01", "psychiatrist")
    source = Source(source_uid(STUDY, "Interview P01"), STUDY, "Interview P01")
    quotes, codings = [], []
    for i, text in enumerate(texts):
        start, end = (i * 1000, i * 1000 + len(text)) if offsets else (None, None)
        q = Quote(quote_uid(STUDY, source.uid, start, end, text), STUDY, expert.uid, source.uid, text, start, end,
                  selections=(f"sel-{i}",))
        quotes.append(q)
        codings += [Coding(q.uid, misleading.uid, "coder A", "2024-03-01"), Coding(q.uid, user_risk.uid)]
    return GraphBatch(reference_study(STUDY), [Profession("psychiatrist", "psychiatrist")], [expert], [source],
                      list(codebook.themes), list(codebook.subthemes), quotes, codings)


def test_redaction_rekeys_text_hashed_quotes_and_follows_codings() -> None:
    batch = make_batch([PII_TEXT, "它不懂精神科的细微差别，还会产生幻觉。"])
    old_uid = batch.quotes[0].uid
    before = dataclasses.replace(batch, quotes=list(batch.quotes), codings=list(batch.codings))
    out, report = enrich_batch(batch, EnrichOptions(redact=True))
    assert batch == before  # the batch given is not changed
    q, zh = out.quotes
    assert q.text == PII_REDACTED and q.redacted and q.language == "en"
    assert q.uid == quote_uid(STUDY, q.source, None, None, PII_REDACTED) != old_uid
    assert zh.uid == batch.quotes[1].uid and not zh.redacted and zh.language == "zh"
    assert {c.quote for c in out.codings} == {q.uid, zh.uid}
    assert (out.codings[0].quote, out.codings[0].coder, out.codings[0].at) == (q.uid, "coder A", "2024-03-01")
    assert {(m.quote, m.concept) for m in out.mentions} >= {(q.uid, "hallucination"), (zh.uid, "hallucination")}
    assert report.redactions == {"EMAIL": 1, "PHONE": 1, "ID": 1, "NAME": 1}
    assert (report.redacted_quotes, report.uids_changed, report.merged_quotes) == (1, 1, 0)
    assert report.languages == {"en": 1, "zh": 1} and report.top_concepts["hallucination"] == 2


def test_quotes_keyed_by_offsets_keep_their_uid() -> None:
    batch = make_batch([PII_TEXT], offsets=True)
    out, report = enrich_batch(batch, EnrichOptions(redact=True))
    assert out.quotes[0].uid == batch.quotes[0].uid and out.quotes[0].text == PII_REDACTED
    assert report.uids_changed == 0


def test_quotes_that_become_one_are_merged() -> None:
    batch = make_batch(["Call me on 13812345678.", "Call me on 13987654321."])
    batch.mentions = [Mention(batch.quotes[1].uid, "dose")]
    out, report = enrich_batch(batch, EnrichOptions(redact=True, concepts=False))
    [q] = out.quotes
    assert q.text == "Call me on [PHONE]." and q.selections == ("sel-0", "sel-1")
    assert len(out.codings) == 2 and {c.quote for c in out.codings} == {q.uid}
    assert out.mentions == [Mention(q.uid, "dose")]
    assert (report.merged_quotes, report.quotes, report.redactions) == (1, 1, {"PHONE": 2})


def test_without_redaction_text_and_uids_stay() -> None:
    batch = make_batch([PII_TEXT])
    out, report = enrich_batch(batch, EnrichOptions())
    assert out.quotes[0].text == PII_TEXT and out.quotes[0].uid == batch.quotes[0].uid
    assert report.redactions == {} and report.concepts >= 1


def test_names_list_option() -> None:
    out, report = enrich_batch(make_batch(["Zhang Wei said so."]), EnrichOptions(redact=True, names=("Zhang Wei",)))
    assert out.quotes[0].text == "[NAME] said so." and report.redactions == {"NAME": 1}


def test_done_when_no_trace_in_graph_export_or_logs(store: GraphStore, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    batch = make_batch([PII_TEXT, "我很担心隐私。"])
    original_uid = batch.quotes[0].uid
    enriched, report = enrich_batch(batch, EnrichOptions(redact=True))
    assert report.redactions == {"EMAIL": 1, "PHONE": 1, "ID": 1, "NAME": 1}
    store.write(enriched)
    store.write(enriched)  # idempotent
    [stored] = store.quotes(QuoteQuery(study=STUDY, q="chatbot")).items
    assert stored.text == PII_REDACTED and stored.redacted
    assert [p for p in ("[EMAIL]", "[PHONE]", "[ID]", "[NAME]") if p in stored.text] == \
        ["[EMAIL]", "[PHONE]", "[ID]", "[NAME]"]
    assert {c.name for c in stored.codes} == {"Misleading information", "User risk"}
    dump = store.dump()
    export = "\n".join(jsonl_lines(dump))
    for where in (dump.model_dump_json(), export, caplog.text, report.model_dump_json()):
        for original in [*ORIGINALS, original_uid]:
            assert original not in where
    assert {c.name for c in store.concepts(STUDY)} >= {"hallucination", "privacy"}
