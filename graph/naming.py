"""How names become keys and uids, so that 'User risk', 'user  risk' and 'User–risk' meet."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = [
    "name_key", "slug", "is_theme_uid", "quote_uid", "expert_uid", "theme_uid", "subtheme_uid", "source_uid",
    "keyed_code_uid", "keyed_source_uid", "natural_key", "natural_order", "NATURAL_WIDTH", "coder_uid",
    "memo_uid",
]

# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign,
# small and full-width hyphen-minus.
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d-]")
_SPACE_AROUND_DASH = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w]+")
_DIGITS = re.compile(r"[0-9]+")  # ASCII digits only; Neo4j keeps the keys (`_sort`): a new rule needs them rebuilt
NATURAL_WIDTH = 12


def name_key(name: str) -> str:
    """The comparison key of a name: case, spacing, Unicode width and the kind of dash ignored."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_AROUND_DASH.sub("-", text)


def natural_key(text: str) -> str:
    """A sort key that orders numbers inside names by value: P1, P2, ..., P10 (not P1, P10, P2).

    Every run of ASCII digits shorter than NATURAL_WIDTH is padded with zeros to that width;
    the rest of the text is kept as it is. Neo4j stores it on experts and sources (`_sort`), so
    both stores list experts, sources and quotes in one order.
    """
    return _DIGITS.sub(lambda m: m[0].zfill(NATURAL_WIDTH), text)


def natural_order(text: str) -> tuple[str, str]:
    """A sort key for names: `natural_key`, then the name itself to order 'P01' and 'P1' alike every time."""
    return natural_key(text), text


def slug(name: str) -> str:
    """A URL-safe fragment of a uid; letters of any script are kept.

    Not one-to-one: 'P01' and 'p01', 'Trust & safety' and 'Trust / safety' give one slug, so
    the loaders refuse two names that would share a uid (`loaders.name_clashes`).
    """
    return _NOT_WORD.sub("-", name_key(name)).strip("-") or "x"


def expert_uid(study: str, pseudonym: str) -> str:
    return f"{study}:{pseudonym.strip()}"


def memo_uid(study: str, target: str, text: str, author: str | None) -> str:
    """A memo's uid: the same memo on the same node by the same author is one memo, however often loaded."""
    digest = hashlib.sha256("\x1f".join((study, target, text, author or "")).encode("utf-8")).hexdigest()
    return f"memo-{digest[:20]}"


def coder_uid(study: str, name: str) -> str:
    return f"{study}:coder:{name.strip()}"


def source_uid(study: str, name: str) -> str:
    return f"{study}:source:{slug(name)}"


def theme_uid(study: str, name: str) -> str:
    return f"{study}:theme:{slug(name)}"


def subtheme_uid(parent_uid: str, name: str) -> str:
    """Sub-themes are named by their path, so the same name under two parents stays two codes."""
    study, _, path = parent_uid.partition(":theme:")
    if not path:
        study, _, path = parent_uid.partition(":subtheme:")
    return f"{study}:subtheme:{path}.{slug(name)}"


def keyed_code_uid(study: str, key: str, top: bool) -> str:
    """A code its file names by a stable key (a REFI guid): a theme at the top, a sub-theme below.

    The ':theme:' / ':subtheme:' marker is what `is_theme_uid` reads, so the level is in the uid.
    """
    return f"{study}:{'theme' if top else 'subtheme'}:{slug(key)}"


def keyed_source_uid(study: str, key: str) -> str:
    """A source its file names by a stable key (a REFI guid), so a renamed document keeps its uid."""
    return f"{study}:source:{slug(key)}"


def quote_uid(study: str, source: str, start: int | None, end: int | None, text: str) -> str:
    """Stable across loads: a hash of study, source and range; tables without offsets hash the text."""
    where = f"{start}-{end}" if start is not None and end is not None else text
    digest = hashlib.sha256("\x1f".join((study, source, where)).encode("utf-8")).hexdigest()
    return f"q-{digest[:20]}"


def is_theme_uid(uid: str) -> bool:
    """Whether a code uid names a theme (top level) rather than a sub-theme."""
    return ":theme:" in uid


def code_key(value: str) -> str:
    """A theme or sub-theme filter as stores compare it: a uid as given, a name by its key."""
    return value if ":theme:" in value or ":subtheme:" in value else name_key(value)
