"""A generated study of any size, written straight to a store as graph.model records.

Quotes go round the reference codebook's sub-themes; one "heavy" expert says a share of them,
so an expert view has something to aggregate. Deterministic for a given size.
"""

from __future__ import annotations

from graph.codebook import reference_codebook, reference_study
from graph.model import Coding, Expert, GraphBatch, Profession, Quote, Source
from graph.naming import expert_uid, quote_uid, source_uid
from graph.store import GraphStore

PROFESSIONS = ["psychiatrist", "mental health nurse", "researcher in medical AI", "psychologist", "social worker"]
SENTENCES = ["The model gave a confident answer that was wrong for this patient.",
             "模型给出的剂量建议听起来很自信，但并不适合老年患者。",
             "Notes take half the time when the draft is prepared for me.",
             "We need written rules on which tasks are allowed on the ward."]


def big_batch(study: str, quotes: int, experts: int, heavy_share: float = 0.0) -> GraphBatch:
    """`quotes` quotes from `experts` experts in five professions; the first expert says
    `heavy_share` of them, the rest go round the others. Every fifth quote is coded twice."""
    book = reference_codebook(study)
    subs = list(book.subthemes)
    batch = GraphBatch(study=reference_study(study), themes=list(book.themes), subthemes=subs,
                       professions=[Profession(p, p) for p in PROFESSIONS])
    people = [f"E{i:04d}" for i in range(experts)]
    for i, p in enumerate(people):
        batch.experts.append(Expert(expert_uid(study, p), study, p, PROFESSIONS[i % len(PROFESSIONS)],
                                    (("province", ["Hunan", "Sichuan", "Zhejiang"][i % 3]),)))
        batch.sources.append(Source(source_uid(study, f"Interview {p}"), study, f"Interview {p}"))
    heavy = int(quotes * heavy_share)
    for n in range(quotes):
        who = 0 if n < heavy else 1 + (n - heavy) % max(experts - 1, 1) if experts > 1 else 0
        source = source_uid(study, f"Interview {people[who]}")
        text = f"{SENTENCES[n % len(SENTENCES)]} ({n})"
        uid = quote_uid(study, source, None, None, text)
        batch.quotes.append(Quote(uid, study, expert_uid(study, people[who]), source, text))
        batch.codings.append(Coding(uid, subs[n % len(subs)].uid))
        if n % 5 == 0:
            batch.codings.append(Coding(uid, subs[(n + 3) % len(subs)].uid))
    return batch


def load_big(store: GraphStore, study: str, quotes: int, experts: int, heavy_share: float = 0.0) -> GraphBatch:
    batch = big_batch(study, quotes, experts, heavy_share)
    store.write(batch)
    return batch
