"""Speakers in focus-group transcripts: a label at the start of a quote (`P8:`, `M:`, `Moderator:`)
names who speaks, and each label in each file becomes an expert (`themegraph load --speakers`).

The expert of a labelled quote is `LABEL (FILE EXPERT)`, e.g. `P8 (Grupo 2)`: the label, then
the expert the file gave the quote (a table's document column, a REFI case or source). The same
label in two files is therefore two people, and the id stays the same however often, and in
whatever order, the files are loaded. An attributes table gives these experts their attributes
by that id (`Expert: P8 (Grupo 2)`, `Profession: nurse`). The label is cut from the quote's
text (a REFI selection keeps its positions: they are the tool's); the source stays the file's.
A quote without a label stays with the file's expert, and the report counts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from graph.errors import BadInput
from graph.naming import natural_key
from loaders.records import Record
from loaders.segment_row import SegmentRow

__all__ = ["DEFAULT_SPEAKER_PATTERN", "Speakers", "SpeakerTally"]

# A short label and a colon at the very start: P8, R12, M, I, B3, Mod, or a role word in English,
# Portuguese, Spanish, German or French. Names are left out on purpose ("Note: ..." is not a speaker).
DEFAULT_SPEAKER_PATTERN = (
    r"^\s*\[?(?P<label>[A-Z][A-Za-z]{0,2}\d{0,3}|\d{1,3}"
    r"|Moderator(?:in)?|Moderador(?:a)?|Modérat(?:eur|rice)|Interviewer(?:in)?|Entrevistador(?:a)?"
    r"|Interviewee|Entrevistad[oa]|Facilitator|Facilitador(?:a)?|Participant(?:e)?(?: ?\d{1,3})?"
    r"|Participante(?: ?\d{1,3})?)\]?\s*:\s*"
)


@dataclass
class SpeakerTally:
    """What `--speakers` found in one file: quotes per speaker expert, and quotes without a label."""

    speakers: dict[str, int] = field(default_factory=dict)
    without_label: int = 0

    def in_order(self) -> dict[str, int]:
        """The speakers in natural order (P1, P2, P10), as the report lists them."""
        return dict(sorted(self.speakers.items(), key=lambda item: natural_key(item[0])))


class Speakers:
    """Reads speaker labels off the quotes of a stream of records."""

    def __init__(self, pattern: str | None = None) -> None:
        text = pattern or DEFAULT_SPEAKER_PATTERN
        try:
            self.pattern = re.compile(text)
        except re.error as exc:
            raise BadInput(f"not a regular expression ({exc})", "--speakers") from None
        if "label" not in self.pattern.groupindex and self.pattern.groups < 1:
            raise BadInput("the pattern must capture the label: a group named 'label', or a first group, "
                           r"e.g. '^(\w+):\s*'", "--speakers")

    def apply(self, records: Iterable[Record], tally: SpeakerTally) -> Iterator[Record]:
        """The records with each labelled segment moved to its speaker; counts go to `tally`."""
        seen: dict[tuple, str | None] = {}
        for record in records:
            if not isinstance(record, SegmentRow):
                yield record
                continue
            key = (record.source_key or record.source or record.expert, record.start, record.end, record.ref,
                   record.text)
            moved = self._moved(record)
            if key not in seen:
                seen[key] = moved.expert if moved is not record else None
                if moved is record:
                    tally.without_label += 1
                else:
                    tally.speakers[moved.expert] = tally.speakers.get(moved.expert, 0) + 1
            yield moved

    def _moved(self, row: SegmentRow) -> SegmentRow:
        m = self.pattern.match(row.text)
        label = (m.group("label") if "label" in self.pattern.groupindex else m.group(1)) if m else None
        text = row.text[m.end():].strip() if m else ""
        if not label or not label.strip() or not text:
            return row
        file_expert = row.expert.strip()
        return replace(row, expert=f"{label.strip()} ({file_expert})", profession=None, attributes=(), text=text,
                       source=row.source or f"Interview {file_expert}")
