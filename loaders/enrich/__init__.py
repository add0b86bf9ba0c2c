"""spaCy enrichment of quotes: language, personal-data redaction, lexicon concepts, code suggestions.

Blank pipelines and rule-based components only, unless the user installed a pretrained spaCy
pipeline and named it (`EnrichOptions.spacy_model`); nothing is downloaded at run time.
`enrich_batch` is the one entry point the load pipeline calls.
"""

from loaders.enrich.enrich import EnrichOptions, EnrichReport, EnrichTally, enrich_batch

__all__ = ["EnrichOptions", "EnrichReport", "EnrichTally", "enrich_batch"]
