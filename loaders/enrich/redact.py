"""Personal data out of quote text: typed placeholders instead of emails, phone numbers,
Chinese resident ID numbers, URLs and names.

Patterns use explicit ASCII classes and look-arounds rather than `\\w` and `\\b`: in Python
both treat Chinese characters as word characters, so `\\b` finds no edge in "电话13812345678".
Numbers are redacted only in shapes that ordinary numbers do not take (an ID must pass its
checksum, a landline starts with a trunk 0, an international number with + or 00), so years,
doses, percentages, dates and times stay as they are. Chinese names are recognised next to a
title (王医生, 主任李明) from a list of common surnames, with the phrases that look like a
name but are not (责任护士, 提高医生...) kept out; English names after Dr., Prof., Mr., Ms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import BadInput
from loaders.enrich.chinese_names import COMPOUND_SURNAMES, GIVEN_STOP, NOT_NAMES, SURNAMES, TITLES

__all__ = ["PLACEHOLDER_TYPES", "Redaction", "Redactor", "read_name_list", "id_checksum_ok"]

PLACEHOLDER_TYPES = ("EMAIL", "PHONE", "ID", "URL", "NAME")

_NOT_ALNUM_BEFORE = r"(?<![A-Za-z0-9])"
_NOT_ALNUM_AFTER = r"(?![A-Za-z0-9])"
# A number is not part of a longer number or decimal: no digit (or digit and point) around it.
_NOT_NUMBER_BEFORE = r"(?<![0-9])(?<![0-9][.,])"
_NOT_NUMBER_AFTER = r"(?![0-9])(?![.,][0-9])"

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+[@＠]{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,24}}{_NOT_ALNUM_AFTER}")

_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
_TLDS = r"com|cn|org|net|edu|gov|io|ai|uk|hk|tw|jp"
_URL = re.compile(
    rf"{_NOT_ALNUM_BEFORE}(?:(?:https?|ftp)://{_URL_CHARS}+"
    rf"|www\.{_URL_CHARS}+"
    rf"|{_LABEL}(?:\.{_LABEL})*\.(?:{_TLDS}){_NOT_ALNUM_AFTER}(?:/{_URL_CHARS}*)?)",
    re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\")]"

_ID = re.compile(
    rf"{_NOT_ALNUM_BEFORE}([1-9][0-9]{{5}})[ -]?((?:18|19|20)[0-9]{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]))"
    rf"[ -]?([0-9]{{3}}[0-9Xx]){_NOT_ALNUM_AFTER}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_SEP = r"[ \-.]"
_PHONE = re.compile(
    _NOT_NUMBER_BEFORE + r"(?<!\+)(?:"
    # Chinese mobile: 1[3-9]x xxxx xxxx, with +86 / 0086 / (+86) in front or not.
    r"(?:(?:\+|00)86[ -]?|\(\+?86\)[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}"
    # Chinese landline: a trunk 0 and a 2-3 digit area code, then 7-8 digits; an extension.
    r"|(?:\(0[1-9][0-9]{1,2}\)|0[1-9][0-9]{1,2})[ -]?(?:[0-9]{7,8}|[0-9]{3,4}[ -][0-9]{4})"
    r"(?:[ -]?(?:转|ext\.?|x)[ -]?[0-9]{1,5})?"
    # International: + or 00, a country code, then groups of digits.
    rf"|(?:\+|00)[1-9][0-9]{{0,2}}(?:{_SEP}?\(?[0-9]{{1,4}}\)?){{2,5}}"
    # North American style: (555) 123-4567, 555-123-4567, 555.123.4567.
    rf"|\([0-9]{{3}}\)[ ]?[0-9]{{3}}[-.][0-9]{{4}}|[0-9]{{3}}([-.])[0-9]{{3}}\1[0-9]{{4}}"
    r")" + _NOT_NUMBER_AFTER)

_EN_TITLES = r"Dr|Prof|Mr|Mrs|Ms|Mx|Miss"
_EN_NAME_WORD = rf"(?!(?:{_EN_TITLES}|Doctor|Professor)\b)[A-Z][A-Za-z'’-]*[A-Za-z]"
_EN_NAME = re.compile(
    rf"(?<![A-Za-z])((?:{_EN_TITLES})(?:\.[ \t]*|[ \t]+)|(?:Doctor|Professor)[ \t]+)"
    rf"({_EN_NAME_WORD}(?:[ \t-]{_EN_NAME_WORD})?)")

_HAN_CHAR = r"[\u4e00-\u9fff]"
_TITLE = "|".join(sorted(TITLES, key=len, reverse=True))
_SURNAME = "|".join([*COMPOUND_SURNAMES, f"[{''.join(SURNAMES)}]"])
_GIVEN = rf"(?:(?!{_TITLE})(?![{''.join(GIVEN_STOP)}]){_HAN_CHAR})"
_ZH_BEFORE_TITLE = re.compile(rf"((?:{_SURNAME}){_GIVEN}{{0,2}})(?=(?:{_TITLE}))")
_ZH_TITLE_THEN_NAME = re.compile(
    rf"({_TITLE})((?:{_SURNAME}){_GIVEN}{{1,2}})(?=[说讲称表认提告指问谈答道,，。、；;：:！!？?\s)）]|$)")


def id_checksum_ok(digits17: str, check: str) -> bool:
    """Whether the 18th character of a Chinese resident ID is the checksum of the first 17."""
    total = sum(int(d) * w for d, w in zip(digits17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == check.upper()


@dataclass(frozen=True)
class Redaction:
    """The redacted text and how many placeholders of each type went in."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.counts)


class Redactor:
    """Replaces personal data with [EMAIL], [PHONE], [ID], [URL] and [NAME]; titles are kept."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        ascii_names: list[str] = []
        other_names: list[str] = []
        for name in sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True):
            (ascii_names if name.isascii() else other_names).append(re.escape(name))
        parts = []
        if ascii_names:
            parts.append(rf"{_NOT_ALNUM_BEFORE}(?:{'|'.join(ascii_names)}){_NOT_ALNUM_AFTER}")
        if other_names:
            parts.append("|".join(other_names))
        self._names = re.compile("|".join(parts), re.IGNORECASE) if parts else None

    def redact(self, text: str) -> Redaction:
        """The text with every piece of personal data found replaced by its placeholder."""
        counts: Counter[str] = Counter()

        def sub(pattern: re.Pattern[str], kind: str, text: str, keep=None) -> str:
            def replace(m: re.Match[str]) -> str:
                kept = keep(m) if keep else ("", "[" + kind + "]", "")
                if kept is None:
                    return m.group(0)
                counts[kind] += 1
                return "".join(kept)
            return pattern.sub(replace, text)

        text = sub(_EMAIL, "EMAIL", text)
        text = sub(_URL, "URL", text, _url_parts)
        text = sub(_ID, "ID", text, _id_parts)
        text = sub(_PHONE, "PHONE", text, _phone_parts)
        if self._names is not None:
            text = sub(self._names, "NAME", text)
        text = sub(_EN_NAME, "NAME", text, lambda m: (m.group(1), "[NAME]", ""))
        text = sub(_ZH_TITLE_THEN_NAME, "NAME", text, lambda m: _zh_name_parts(m, 2, m.group(1)))
        text = sub(_ZH_BEFORE_TITLE, "NAME", text, lambda m: _zh_name_parts(m, 1, ""))
        return Redaction(text, dict(counts))


def _url_parts(m: re.Match[str]) -> tuple[str, str, str] | None:
    url = m.group(0)
    trailing = ""
    while url and url[-1] in _URL_TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        trailing = url[-1] + trailing
        url = url[:-1]
    if "." not in url.split("//", 1)[-1]:
        return None
    return ("", "[URL]", trailing)


def _id_parts(m: re.Match[str]) -> tuple[str, str, str] | None:
    digits = m.group(1) + m.group(2) + m.group(3)
    return ("", "[ID]", "") if id_checksum_ok(digits[:17], digits[17]) else None


def _phone_parts(m: re.Match[str]) -> tuple[str, str, str] | None:
    digits = sum(c.isdigit() for c in m.group(0))
    return ("", "[PHONE]", "") if 7 <= digits <= 15 else None


def _zh_name_parts(m: re.Match[str], group: int, title: str) -> tuple[str, str, str] | None:
    """The replacement of a Chinese name, or None when the 'name' is part of an everyday word."""
    start, end = m.span(group)
    window_start = max(0, start - 3)
    window = m.string[window_start:end + 3]
    for word in NOT_NAMES:
        at = window.find(word)
        while at >= 0:
            if window_start + at < end and window_start + at + len(word) > start:
                return None
            at = window.find(word, at + 1)
    return (title, "[NAME]", "")


def read_name_list(path: Path) -> list[str]:
    """Names to redact, one a line ('#' starts a comment); BadInput if the file cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the name list ({type(exc).__name__}); give a UTF-8 text file, "
                       "one name a line", str(path)) from None
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
