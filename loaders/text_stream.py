"""Text files read a line at a time, never whole: UTF-8 with or without BOM, or UTF-16 with BOM.

An undecodable byte is reported as FILE:LINE, the line it is on, so a 1 GB export with one bad
byte near the end says where without holding the file in memory.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from graph.errors import BadInput

__all__ = ["text_lines", "decode_text", "Progress", "MAX_LINE"]

Progress = Callable[[int], None]  # called with the bytes read so far
_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")  # after LF, or after a CR that no LF follows
MAX_LINE = 16 * 1024**2  # bytes (UTF-8) or characters (UTF-16) in one line
_CHUNK = 1 << 16
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _not_utf8(where: str, byte: int) -> BadInput:
    return BadInput(f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8 and load it again", where)


def _too_long(where: str) -> BadInput:
    return BadInput(f"a line longer than {MAX_LINE // 1024**2} MiB; no export holds one (is it a binary or "
                    "damaged file, or a table saved without line breaks?)", where)


def _utf8_lines(fh, path: Path, progress: Progress | None) -> Iterator[str]:
    """Lines split at LF, CRLF or a lone CR (old Mac files), read in chunks: a line is never held
    past MAX_LINE bytes, so a 100 MB file without line breaks costs MAX_LINE of memory, not 100 MB."""
    number, size, first = 0, 0, True
    parts: list[bytes] = []

    def line(raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _not_utf8(f"{path}:{number}", raw[exc.start]) from exc

    while chunk := fh.read(_CHUNK):
        if first and chunk.startswith(codecs.BOM_UTF8):
            chunk = chunk[len(codecs.BOM_UTF8):]
        first = False
        while chunk.endswith(b"\r"):  # the LF of a CRLF may be the next chunk's first byte
            more = fh.read(1)
            if not more:
                break
            chunk += more
        # bytes.splitlines ends lines exactly there (LF, CRLF, a lone CR), and is 40 times quicker than
        # a regex split; the last piece is a line's start unless the chunk ends with a line end
        pieces = chunk.splitlines(keepends=True)
        if chunk.endswith((b"\n", b"\r")):
            pieces.append(b"")
        for piece in pieces[:-1]:
            number += 1
            if parts:
                parts.append(piece)
                piece, parts, size = b"".join(parts), [], 0
            yield line(piece)
        if pieces[-1]:
            parts.append(pieces[-1])
            size += len(pieces[-1])
            if size > MAX_LINE:
                raise _too_long(f"{path}:{number + 1}")
        if progress:
            progress(fh.tell())
    if parts:
        number += 1
        yield line(b"".join(parts))


def _utf16_lines(fh, path: Path, progress: Progress | None) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-16")("strict")
    pending, lines_done = "", 0
    while chunk := fh.read(_CHUNK):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            partial = codecs.getincrementaldecoder("utf-16")("replace").decode(chunk)
            bad = partial.find("\ufffd")
            line = lines_done + (pending + partial[:max(bad, 0)]).count("\n") + 1
            raise BadInput("not valid UTF-16 (a broken surrogate pair); save the file as UTF-8 and load it again",
                           f"{path}:{line}") from exc
        pieces = [piece for piece in _LINE_END.split(pending + text) if piece]
        # a CR at the end of a chunk may be the first half of CRLF: wait for the next chunk
        pending = pieces.pop() if pieces and not pieces[-1].endswith("\n") else ""
        if len(pending) > MAX_LINE:
            raise _too_long(f"{path}:{lines_done + len(pieces) + 1}")
        lines_done += len(pieces)
        yield from pieces
        if progress:
            progress(fh.tell())
    if pending:
        yield pending


def text_lines(path: Path, progress: Progress | None = None) -> Iterator[str]:
    """Yield the lines of a text file with their endings; raise BadInput on undecodable bytes."""
    with open(path, "rb") as fh:
        start = fh.read(2)
        fh.seek(0)
        if start in _UTF16_BOMS:
            yield from _utf16_lines(fh, path, progress)
        else:
            yield from _utf8_lines(fh, path, progress)


def decode_text(data: bytes, where: str) -> str:
    """A whole text (a REFI source) decoded: UTF-8 with or without BOM, or UTF-16 with BOM.

    The BOM is dropped, so positions count from the first real character. Raises BadInput.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BadInput("not valid UTF-16 text", where) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadInput(f"line {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); export the texts as "
                       "UTF-8 or UTF-16", where) from exc
