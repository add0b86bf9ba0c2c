"""The pure parts of a brief: the representative-quote rule and the wording of counts."""

from __future__ import annotations

import random

from graph.briefs.model import Count
from graph.briefs.quotes_pick import MAX_QUOTES, is_complete, length_in_words, pick_quotes
from graph.briefs.wording import finding_sentence, people, plural, recommendation
from graph.quotes import QuoteItem

PSY, NURSE, AI = "psychiatrist", "mental health nurse", "researcher in medical AI"


def quote(uid: str, expert: str, profession: str | None, text: str, redacted: bool = False) -> QuoteItem:
    return QuoteItem(uid=uid, study="s", text=text, expert=f"s:{expert}", pseudonym=expert, profession=profession,
                     source=f"Interview {expert}", redacted=redacted, codes=[])


GOOD = "The model gave a wrong dose to a patient yesterday."


def test_completeness_and_length() -> None:
    assert is_complete(GOOD) and is_complete("“它不懂精神科的细微差别。”") and is_complete("12 patients asked it!")
    assert not is_complete("and then it gave a wrong dose") and not is_complete("It gave a wrong dose")
    assert length_in_words(GOOD) == 10 and length_in_words("它不懂精神科的细微差别。") == 6


def test_professions_take_turns_most_raised_first_one_quote_per_expert() -> None:
    candidates = [
        quote("q1", "P1", PSY, "It gave a wrong dose today."), quote("q2", "P1", PSY, "Another sentence from the same man, rather longer than his first one."),
        quote("q3", "P2", PSY, "A second psychiatrist says the same thing again."),
        quote("q4", "P3", NURSE, "A nurse worries about patients trusting it at night."),
        quote("q5", "P4", AI, "A researcher notes the model is not calibrated at all."),
        quote("q6", "P5", PSY, "A third psychiatrist repeats the point once more."),
    ]
    order = ["psychiatrist", "mental health nurse", "researcher in medical ai"]
    assert [q.uid for q in pick_quotes(candidates, order, set())] == ["q1", "q4", "q5"]
    assert [q.uid for q in pick_quotes(candidates, order[:1], set())] == ["q1", "q4", "q5"]  # unlisted rows follow
    only_psy = [q for q in candidates if q.profession == PSY]
    assert [q.pseudonym for q in pick_quotes(only_psy, order, set())] == ["P1", "P2", "P5"]  # never P1 twice
    assert len(pick_quotes(candidates * 3, order, set())) == MAX_QUOTES


def test_better_quotes_win_in_the_documented_order() -> None:
    fragment = quote("a", "P1", PSY, "and so on and so forth in the clinic")
    long = quote("b", "P2", PSY, "It " + "really " * 40 + "matters.")
    short = quote("c", "P3", PSY, "It matters.")
    redacted = quote("d", "P4", PSY, "[REDACTED] said the dose was wrong today.", redacted=True)
    good = quote("e", "P5", PSY, GOOD)
    shown = quote("f", "P6", PSY, "It was shown already in an earlier section.")
    pool = [fragment, long, short, redacted, good, shown]
    for seed in range(5):  # the input order never matters
        random.Random(seed).shuffle(pool)
        assert [q.uid for q in pick_quotes(pool, ["psychiatrist"], {"f"})] == ["e", "c", "b"]
    assert [q.uid for q in pick_quotes([redacted], ["psychiatrist"], set())] == ["d"]  # redacted, yet the only one
    assert pick_quotes([], ["psychiatrist"], set()) == []


def test_plurals_and_people() -> None:
    assert [plural(p) for p in (PSY, NURSE, AI, "nurse in charge of a ward", "coach", "deputy", "医生")] == [
        "psychiatrists", "mental health nurses", "researchers in medical AI", "nurses in charge of a ward",
        "coaches", "deputies", "医生"]
    assert people(9, 12, PSY) == "9 of 12 psychiatrists"
    assert people(7, 7, NURSE) == "all 7 mental health nurses"
    assert people(2, 2, AI) == "both researchers in medical AI"
    assert people(1, 1, AI) == "the one researcher in medical AI"
    assert people(0, 2, AI) == "none of the 2 researchers in medical AI"
    assert people(1, 3, "(not recorded)") == "1 of 3 experts with no recorded profession"


def test_sentences_and_recommendations() -> None:
    rows = [Count(label=PSY, n=9, of=12), Count(label=NURSE, n=5, of=7), Count(label=AI, n=0, of=2)]
    total = Count(label="all experts", n=14, of=21)
    assert finding_sentence("Misleading information", total, 18, rows) == (
        "9 of 12 psychiatrists and 5 of 7 mental health nurses raised misleading information; none of the 2 "
        "researchers in medical AI did (14 of 21 experts, 18 quotes).")
    assert recommendation("prerequisite", "Training and competence", total, rows) == (
        "14 of 21 experts named training and competence as a prerequisite for adoption "
        "(9 of 12 psychiatrists and 5 of 7 mental health nurses).")
    assert recommendation("expectation", "Upgrades and revamps of LLMs", total, rows).startswith(
        "14 of 21 experts expect upgrades and revamps of LLMs (")
    assert recommendation("gap", "User risk", total, rows) is None
    assert recommendation("prerequisite", "X", Count(label="all experts", n=0, of=21), rows) is None
