"""Sub-theme suggestions for uncoded text, learnt from a study's coded quotes.

`study_suggester(store, study)` reads the study's quotes coded to at least one sub-theme,
cross-validates a `textcat_multilabel` on them (k folds, fixed seed), trains the final model
on all of them, and returns a `Suggester` that suggests and reports its evaluation against a
majority-class baseline at any threshold. Suggestions are only suggestions: nothing here writes to the store.

A text is suggested the sub-themes scoring at least the threshold, best first; the evaluation
predicts the same way, and a coded quote always has a code, so when no label reaches the
threshold it predicts the best one. The baseline gives every quote the sub-theme most
frequent in its training folds.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import BadInput
from graph.quotes import QuoteQuery, all_quotes
from graph.store import GraphStore
from loaders.enrich.suggestions import DEFAULT_THRESHOLD, Evaluation, LabelScore, Suggestion, SuggestionReport
from loaders.enrich.textcat import DEFAULT_SEED, score_texts, train_textcat

__all__ = ["TrainingSet", "training_set", "Suggester", "OutOfFold", "out_of_fold", "evaluate", "study_suggester",
           "MIN_QUOTES"]

MIN_QUOTES = 10
DEFAULT_FOLDS = 5
# Training costs about 20 s per 500 quotes on this project's 2-core machines (5 folds and the
# final model); past this many, a seeded sample of the study's coded quotes is learnt from.
MAX_TRAINING = 1000
BUDGET = 120.0  # seconds one suggester may take to train before the request is refused


@dataclass(frozen=True)
class TrainingSet:
    study: str
    texts: tuple[str, ...]
    labels: tuple[frozenset[str], ...]  # sub-theme uids per text
    names: dict[str, tuple[str, str]]  # sub-theme uid -> (sub-theme name, theme name)
    coded: int = 0  # the study's quotes coded to a sub-theme; more than len(texts) when sampled

    @property
    def label_names(self) -> list[str]:
        return sorted(self.names)


def training_set(store: GraphStore, study: str, most: int = MAX_TRAINING, seed: int = DEFAULT_SEED) -> TrainingSet:
    """The study's quotes coded to at least one sub-theme, or a seeded sample of `most` of them
    (the same quotes for the same graph and seed); NotFound for an unknown study."""
    coded = [(q.uid, q.text, frozenset(c.uid for c in q.codes if c.kind == "subtheme"),
              {c.uid: (c.name, c.theme) for c in q.codes if c.kind == "subtheme"})
             for q in all_quotes(store, QuoteQuery(study=study)) if any(c.kind == "subtheme" for c in q.codes)]
    chosen = coded if len(coded) <= most else sorted(
        coded, key=lambda q: hashlib.sha256(f"{seed}\x1f{q[0]}".encode()).digest())[:most]
    names: dict[str, tuple[str, str]] = {}
    for *_, found in chosen:
        names.update(found)
    return TrainingSet(study, tuple(q[1] for q in chosen), tuple(q[2] for q in chosen), names, coded=len(coded))


def _predict(scores: dict[str, float], threshold: float) -> set[str]:
    chosen = {k for k, v in scores.items() if v >= threshold}
    return chosen or ({max(scores, key=lambda k: (scores[k], k))} if scores else set())


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True)
class OutOfFold:
    """Each quote's scores from the model trained without its fold, and its fold's majority label."""

    folds: int
    seed: int
    scores: tuple[dict[str, float], ...]
    majority: tuple[str, ...]


def out_of_fold(ts: TrainingSet, folds: int = DEFAULT_FOLDS, seed: int = DEFAULT_SEED,
                deadline: float | None = None) -> OutOfFold:
    """k-fold cross-validation: train on k-1 folds, score the held-out one, k times; TooMuchWork
    past `deadline` (time.monotonic())."""
    n, names = len(ts.texts), ts.label_names
    folds = max(2, min(folds, n))
    order = list(range(n))
    random.Random(seed).shuffle(order)
    scores: list[dict[str, float]] = [{} for _ in range(n)]
    majority = [""] * n
    for f in range(folds):
        test = order[f::folds]
        held = set(test)
        train = [i for i in order if i not in held]
        nlp = train_textcat([ts.texts[i] for i in train], [ts.labels[i] for i in train], names, seed,
                            deadline=deadline)
        top = Counter(x for i in train for x in ts.labels[i]).most_common(1)[0][0]
        for i, found in zip(test, score_texts(nlp, [ts.texts[i] for i in test])):
            scores[i], majority[i] = found, top
    return OutOfFold(folds, seed, tuple(scores), tuple(majority))


def evaluate(ts: TrainingSet, oof: OutOfFold, threshold: float = DEFAULT_THRESHOLD) -> Evaluation:
    """Pooled precision, recall and F1 per sub-theme at `threshold`, with the baseline's F1."""
    names = ts.label_names
    counts: dict[str, Counter[tuple[str, str]]] = {k: Counter() for k in ("model", "baseline")}
    for truth_set, scores, top in zip(ts.labels, oof.scores, oof.majority):
        for kind, predicted in (("model", _predict(scores, threshold)), ("baseline", {top})):
            for label in names:
                truth, said = label in truth_set, label in predicted
                if truth or said:
                    counts[kind][label, "tp" if truth and said else "fp" if said else "fn"] += 1
    support = Counter(x for y in ts.labels for x in y)
    rows, micro = [], {}
    for kind, c in counts.items():
        micro[kind] = _f1(*(sum(c[label, t] for label in names) for t in ("tp", "fp", "fn")))[2]
    for label in names:
        p, r, f = _f1(*(counts["model"][label, t] for t in ("tp", "fp", "fn")))
        bf = _f1(*(counts["baseline"][label, t] for t in ("tp", "fp", "fn")))[2]
        sub, theme = ts.names[label]
        rows.append(LabelScore(subtheme=sub, theme=theme, support=support[label], precision=round(p, 4),
                               recall=round(r, 4), f1=round(f, 4), baseline_f1=round(bf, 4)))
    return Evaluation(
        study=ts.study, quotes=len(ts.texts), coded_quotes=max(ts.coded, len(ts.texts)), folds=oof.folds, seed=oof.seed, threshold=threshold,
        macro_f1=round(sum(r.f1 for r in rows) / len(rows), 4), micro_f1=round(micro["model"], 4),
        baseline_macro_f1=round(sum(r.baseline_f1 for r in rows) / len(rows), 4),
        baseline_micro_f1=round(micro["baseline"], 4), labels=rows)


class Suggester:
    """A model trained on all of a study's coded quotes, with its cross-validated evaluation."""

    def __init__(self, ts: TrainingSet, folds: int = DEFAULT_FOLDS, seed: int = DEFAULT_SEED,
                 budget: float | None = None) -> None:
        deadline = time.monotonic() + budget if budget else None
        self.training = ts
        self.out_of_fold = out_of_fold(ts, folds, seed, deadline)
        self._nlp = train_textcat(ts.texts, ts.labels, ts.label_names, seed, deadline=deadline)

    def evaluation(self, threshold: float = DEFAULT_THRESHOLD) -> Evaluation:
        """The cross-validated scores at `threshold`, next to the majority baseline."""
        return evaluate(self.training, self.out_of_fold, threshold)

    def suggest(self, texts: Sequence[str], top: int = 3, threshold: float = DEFAULT_THRESHOLD) -> list[Suggestion]:
        """Per text, up to `top` sub-themes scoring at least `threshold`, best first."""
        out = []
        for i, scores in enumerate(score_texts(self._nlp, texts)):
            best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            for uid, score in best:
                if score >= threshold:
                    sub, theme = self.training.names[uid]
                    out.append(Suggestion(index=i, subtheme=sub, theme=theme, subtheme_uid=uid,
                                          score=round(score, 4)))
        return out

    def report(self, texts: Sequence[str], top: int = 3, threshold: float = DEFAULT_THRESHOLD) -> SuggestionReport:
        """Suggestions for `texts` with the cross-validated evaluation at the same threshold."""
        return SuggestionReport(study=self.training.study, top=top, threshold=threshold,
                                suggestions=self.suggest(texts, top, threshold), evaluation=self.evaluation(threshold))


_cache: OrderedDict[tuple, Suggester] = OrderedDict()
_cache_lock = threading.Lock()
_training: dict[tuple, threading.Lock] = {}
_CACHE_SIZE = 4


def study_suggester(store: GraphStore, study: str, folds: int = DEFAULT_FOLDS, seed: int = DEFAULT_SEED,
                    budget: float = BUDGET) -> Suggester:
    """The suggester of a study's coded quotes as they are now, kept until the graph changes
    (GraphStore.version). Two requests for one study wait for one training; other studies train
    beside it.

    Raises NotFound for an unknown study, BadInput when it has too few coded quotes to learn
    from, TooMuchWork when training would take longer than `budget` seconds.
    """
    key = (store.name, store.version(), study, folds, seed)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        lock = _training.setdefault(key, threading.Lock())
    with lock:
        with _cache_lock:
            if key in _cache:
                return _cache[key]
        ts = training_set(store, study, seed=seed)
        if len(ts.texts) < MIN_QUOTES or len(ts.names) < 2:
            raise BadInput(f"study {study!r} has {len(ts.texts)} quotes coded to {len(ts.names)} sub-theme(s); "
                           f"suggestions need at least {MIN_QUOTES} coded quotes and 2 sub-themes", "--study")
        suggester = Suggester(ts, folds, seed, budget)
        with _cache_lock:
            _cache[key] = suggester
            _training.pop(key, None)
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return suggester
