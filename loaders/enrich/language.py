"""The language of a quote, told from its character classes: 'zh', 'en', 'mixed' or None.

One Chinese character carries about as much as one English word, so Han characters are
weighed against Latin words, not Latin letters: "我们用ChatGPT写病历" is Chinese with a
product name in it, "The patient said 我很害怕 yesterday" is mixed.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["HAN", "Language", "detect_language", "MIXED_SHARE"]

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{HAN}]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
_PLACEHOLDER = re.compile(r"\[(?:EMAIL|PHONE|ID|URL|NAME)\]")
MIXED_SHARE = 0.25  # the smaller script's share of units from which a quote counts as mixed

Language = Literal["zh", "en", "mixed"]


def detect_language(text: str) -> Language | None:
    """'zh', 'en' or 'mixed' by the share of Han characters and Latin words; None without either.

    Redaction placeholders ([NAME]...) are ignored, so a redacted Chinese quote stays Chinese.
    """
    text = _PLACEHOLDER.sub(" ", text)
    han = len(_HAN.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    total = han + latin
    if not total:
        return None
    minority = min(han, latin)
    if minority >= 2 and minority / total >= MIXED_SHARE:
        return "mixed"
    return "zh" if han > latin else "en"
