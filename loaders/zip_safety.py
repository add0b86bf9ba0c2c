"""Zip archives (.qdpx, .xlsx) opened with their members checked before anything is read.

Refused, naming the archive and the member: an absolute path or one climbing out with '..',
a total uncompressed size over the bound, a member that claims to expand more than
`MAX_RATIO` times (a zip bomb), an archive cut short or damaged. Members are read into
memory with a hard cap, never extracted to disk.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from graph.errors import BadInput

__all__ = ["SafeZip", "MAX_TOTAL", "MAX_RATIO", "MAX_MEMBERS"]

MAX_TOTAL = 2 * 1024**3  # uncompressed bytes in one archive
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MiB
MAX_MEMBERS = 100_000
_RATIO_FLOOR = 1 << 20


def _unsafe(name: str) -> str | None:
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return "an absolute path"
    if ".." in PurePosixPath(posix).parts:
        return "a path that climbs out of the archive ('..')"
    return None


class SafeZip:
    """A checked zip archive; `read(name)` returns a member's bytes, bounded by what it declared."""

    def __init__(self, path: Path, max_total: int = MAX_TOTAL, max_ratio: int = MAX_RATIO) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise BadInput(f"not a complete zip archive ({exc}); the file is truncated or damaged: "
                           "export it again", str(path)) from exc
        if len(infos) > MAX_MEMBERS:
            raise BadInput(f"the archive holds {len(infos)} members, more than {MAX_MEMBERS}", str(path))
        total = 0
        for info in infos:
            where = f"{path}:{info.filename}"
            reason = _unsafe(info.filename)
            if reason:
                raise BadInput(f"refused: the archive member has {reason}", where)
            total += info.file_size
            if info.file_size > _RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
                raise BadInput(f"refused: the member expands {info.file_size // max(info.compress_size, 1)} times "
                               f"(more than {max_ratio}); a zip bomb, or not an export", where)
        if total > max_total:
            raise BadInput(f"refused: the archive expands to {total} bytes, more than {max_total}", str(path))
        self.names = [i.filename for i in infos if not i.is_dir()]
        self._infos = {i.filename: i for i in infos}

    def read(self, name: str) -> bytes:
        """The member's bytes; raises BadInput if it is damaged or bigger than its header said."""
        info = self._infos[name]
        try:
            with self._zip.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise BadInput(f"the archive member cannot be read ({exc}); export the project again",
                           f"{self.path}:{name}") from exc
        if len(data) > info.file_size:
            raise BadInput("refused: the member holds more than its header declares", f"{self.path}:{name}")
        return data

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
