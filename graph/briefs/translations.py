"""Researchers' translations of quotes, given as a CSV file of quote uid -> text (columns
`uid` and `translation`; `quote` is taken for `uid`). Shown beside the original, marked as a
translation; ThemeGraph never translates by machine."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from graph.errors import BadInput

__all__ = ["Translations", "parse_translations", "check_translations"]

_UID_COLUMNS = ("uid", "quote", "quote_uid")


@dataclass(frozen=True)
class Translations:
    """Translations by quote uid, and the file they came from."""

    file: str = ""
    texts: dict[str, str] = field(default_factory=dict)

    def get(self, uid: str) -> str | None:
        return self.texts.get(uid)

    def __bool__(self) -> bool:
        return bool(self.texts)


def parse_translations(text: str, file: str) -> Translations:
    """The translations in a CSV text; BadInput naming `file` and the line for anything wrong."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = {name.strip().lower(): name for name in reader.fieldnames or []}
    uid_col = next((header[c] for c in _UID_COLUMNS if c in header), None)
    if uid_col is None or "translation" not in header:
        found = ", ".join(reader.fieldnames or []) or "nothing"
        raise BadInput(f"expected the columns 'uid' and 'translation' (found: {found})", f"{file}:1")
    texts: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        uid = (row.get(uid_col) or "").strip()
        translation = " ".join((row.get(header["translation"]) or "").split())
        if not uid or not translation:
            raise BadInput(f"empty {'uid' if not uid else 'translation'}", f"{file}:{line}")
        if uid in texts:
            raise BadInput(f"a second translation of quote {uid!r}; keep one", f"{file}:{line}")
        texts[uid] = translation
    return Translations(file=file, texts=texts)


def check_translations(given: Translations, known: set[str]) -> None:
    """BadInput naming the first uid the study does not have (a typo, or another study's quote)."""
    unknown = sorted(uid for uid in given.texts if uid not in known)
    if unknown:
        more = f" and {len(unknown) - 1} more" if len(unknown) > 1 else ""
        raise BadInput(f"quote {unknown[0]!r}{more} is not a coded quote of this study; `themegraph quotes "
                       "--format json` lists the uids", given.file)
