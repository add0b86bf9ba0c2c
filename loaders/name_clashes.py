"""Two names whose uids would be one: refused together, naming both.

Uids made from names (`graph.naming.slug`) ignore case, spacing and punctuation, so experts
'P01' and 'p01' would share the interview source 'interview-p01' (and, for the same text,
one quote), and sub-themes 'Trust & safety' and 'Trust / safety' the code 'trust-safety'.
The uids stay as they are (stores written by earlier versions reload unchanged); a file
naming two such names, or one such name beside another already in the study, is refused
before anything is written. Professions are meant to meet by name ('Nurse' is 'nurse') and
are not checked here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.errors import BadInput

__all__ = ["Named", "source_clash", "code_clash"]

_LINE = re.compile(r":(\d+)$")


@dataclass(frozen=True)
class Named:
    """A name as a file wrote it; where (FILE:LINE; None: in the study, or in an earlier file of
    the load); and, for an interview source made from an expert's id, that id."""

    name: str
    where: str | None
    expert: str | None = None


def _place(where: str | None, study: str) -> str:
    if where is None:
        return f"in study {study!r}"
    line = _LINE.search(where)
    return f"line {line.group(1)}" if line else where


def source_clash(new: Named, old: Named, key: str, study: str) -> BadInput:
    """The refusal of a source whose uid (`key`, its slug) another source of the study holds."""
    here, there = _place(new.where, study), _place(old.where, study)
    if new.expert is not None and old.expert is not None:
        return BadInput(f"experts {new.expert!r} ({here}) and {old.expert!r} ({there}) would share one interview "
                        f"source {key!r}; give them distinct ids, or the same spelling if they are one person",
                        new.where)

    def said(n: Named) -> str:
        return f"expert {n.expert!r}" if n.expert is not None else f"source {n.name!r}"

    hint = ("distinct ids, or the same spelling if they are one person" if new.expert is not None
            else "distinct names, or the same spelling if they are one document")
    return BadInput(f"{said(new)} ({here}) and {said(old)} ({there}) would share one source {key!r}; give them "
                    f"{hint}", new.where)


def code_clash(kind: str, new: Named, old: Named, key: str, study: str, parent: str | None) -> BadInput:
    """The refusal of a code (`kind`: 'themes' or 'sub-themes') whose uid another code holds."""
    under = f" under {parent!r}" if parent else ""
    there = _place(old.where, study) if old.where else f"in study {study!r}'s codebook"
    return BadInput(f"{kind} {new.name!r} ({_place(new.where, study)}) and {old.name!r} ({there}){under} would share "
                    f"one code {key!r}; give them distinct names, or the same spelling if they are one code",
                    new.where)
