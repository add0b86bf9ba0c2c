"""A spaCy `textcat_multilabel` over the bilingual blank tokenizer: train and score, deterministically.

The model is a bag of words and word pairs (`spacy.TextCatBOW.v3`, n-grams up to 2): on the
tokenizer of `pipelines.py` that is English words and pairs, and Chinese characters and
character pairs, the usual features for short Chinese text without a word segmenter. It
trains in a fraction of a second on a study's few hundred quotes, and with a fixed seed the
same quotes give the same model and the same scores.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from spacy.training import Example
from spacy.util import compounding, fix_random_seed, minibatch

from graph.errors import TooMuchWork
from loaders.enrich.pipelines import TOKENIZER_LOCK, bilingual_tokenizer_pipeline, tokenizer

__all__ = ["DEFAULT_EPOCHS", "DEFAULT_SEED", "train_textcat", "score_texts"]

DEFAULT_SEED = 0
DEFAULT_EPOCHS = 12
_MODEL = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": False,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 65536,
}


def train_textcat(texts: Sequence[str], labels: Sequence[frozenset[str]], label_names: Sequence[str],
                  seed: int = DEFAULT_SEED, epochs: int = DEFAULT_EPOCHS, deadline: float | None = None) -> Language:
    """A blank pipeline with a trained `textcat_multilabel` over `label_names`.

    `labels[i]` is the set of labels of `texts[i]`. Same inputs and seed, same model. Raises
    TooMuchWork when an epoch ends past `deadline` (time.monotonic()).
    """
    fix_random_seed(seed)
    nlp = bilingual_tokenizer_pipeline()
    with TOKENIZER_LOCK:
        docs = list(tokenizer(nlp).pipe(texts))
    textcat: Any = nlp.add_pipe("textcat_multilabel", config={"model": _MODEL})
    for name in label_names:
        textcat.add_label(name)
    examples = [Example.from_dict(doc, {"cats": {n: float(n in y) for n in label_names}})
                for doc, y in zip(docs, labels)]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    order = list(examples)
    for _ in range(epochs):
        rng.shuffle(order)
        for batch in minibatch(order, size=compounding(4.0, 32.0, 1.5)):
            # The component's own update: Language.update would copy every example first.
            textcat.update(batch, sgd=optimizer, drop=0.0)
        if deadline is not None and time.monotonic() > deadline:
            raise TooMuchWork(f"learning from {len(texts)} coded quotes took longer than the time allowed; suggest "
                              "from a smaller study, or raise THEMEGRAPH_SUGGEST_SECONDS", "suggest")
    return nlp


def score_texts(nlp: Language, texts: Sequence[str]) -> list[dict[str, float]]:
    """Each text's score (0..1) for every label."""
    with TOKENIZER_LOCK:
        return [dict(doc.cats) for doc in nlp.pipe(texts, batch_size=256)]
