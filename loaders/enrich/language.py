"""The language of a quote: 'zh', 'en', 'mixed', 'unknown', or None for a text without words.

One Chinese character carries about as much as one English word, so Han characters are
weighed against Latin words, not Latin letters: "我们用ChatGPT写病历" is Chinese with a
product name in it, "The patient said 我很害怕 yesterday" is mixed.

Latin script is not English by itself: Portuguese, Hungarian, Spanish, German... are Latin too.
A Latin text is English when English function words outnumber those of the other languages
the texts of qualitative studies are usually in, and letters with marks English does not use
(ã, ő, ñ, ß...) count against it; a text of a few words without either is English; anything else
is 'unknown', which is honest where a wrong language would not be (the lexicon matches English
forms only in English, `loaders.enrich.lexicon`).
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["HAN", "Language", "detect_language", "MIXED_SHARE", "lexicon_languages"]

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{HAN}]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}|\b[AaIi]\b")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f']+")
_PLACEHOLDER = re.compile(r"\[(?:EMAIL|PHONE|ID|URL|NAME)\]")
MIXED_SHARE = 0.25  # the smaller script's share of units from which a quote counts as mixed
SHORT = 4  # Latin words up to which a text without evidence either way is taken as English

Language = Literal["zh", "en", "mixed", "unknown"]

_ENGLISH = frozenset(
    "the and of to is in it that for with was are be this have not but they you we he she at on by from or "
    "an as if what which there their would could should can will do does did has had been were i my me our "
    "your his her them very about more because when so also just than then these those who how all any".split())
# Function words of other languages that English never uses as words ("a", "in", "is"... are left out)
_OTHER = frozenset(
    # Portuguese, Spanish, Italian
    "que não nao um uma uns umas os das dos da do na no nas nos em para com por mas mais muito ele ela eles elas "
    "eu você voce isso isto esse essa aqui aí ai então entao também tambem porque quando como sim é está esta "
    "son los las del el la lo y es un una con para pero muy yo él ella esto eso aquí también porque cuando "
    "il di che non per della sono gli le ho questo molto anche ma".split()
    # German, Dutch, French
    + "und der die das ist nicht ich wir sie es ein eine mit auf für von zu dass auch aber sehr wenn "
      "het een van en niet ook maar wij zijn dat "
      "le les et est une des du pas je nous vous ce qui avec pour mais très sur aussi".split()
    # Hungarian, Polish
    + "és az hogy nem egy van meg de ha vagy csak már még mert ez azt amikor nagyon "
      "jest się nie że na do jak ale tak czy już być jestem bardzo może też".split()
) - _ENGLISH - {"ai", "no", "die", "son", "me", "la", "ha", "den", "war"}  # words English uses too
_ENGLISH_LETTERS = re.compile(r"[^A-Za-z']")


def _latin_language(text: str) -> Language:
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in _ENGLISH for w in words)
    other = sum(w in _OTHER for w in words) + sum(bool(_ENGLISH_LETTERS.search(w)) for w in words)
    if english > other:
        return "en"
    if not english and not other and len(words) <= SHORT:
        return "en"
    return "unknown"


def detect_language(text: str) -> Language | None:
    """'zh', 'en', 'mixed' or 'unknown' by the share of Han characters and Latin words and, for
    Latin text, by its function words; None without either script.

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
    return "zh" if han > latin else _latin_language(text)


def lexicon_languages(language: str | None) -> frozenset[str]:
    """The lexicon's languages ('en', 'zh') whose forms may be matched in a quote of `language`
    (a tag from detect_language, or one a file gave: 'en-GB', 'zh-CN', 'pt'...): none for a
    language the lexicon does not cover."""
    tag = (language or "").strip().lower().replace("_", "-")
    if tag == "mixed":
        return frozenset({"en", "zh"})
    base = tag.split("-")[0]
    if base in ("en", "eng", "english"):
        return frozenset({"en"})
    if base in ("zh", "zho", "chi", "chinese", "cmn"):
        return frozenset({"zh"})
    return frozenset()
