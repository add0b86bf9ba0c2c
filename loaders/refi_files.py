"""Where a REFI project's XML and source texts are: in a `.qdpx` zip, or beside a bare `.qde`.

Vendors differ: `project.qde`, `Project.qde` or `Trial.qde`; `sources/` or `Sources/`;
`plainTextPath` as `internal://X.txt`, a bare `X.txt`, `relative://X.txt` against the
project's `basePath`, or `file:///...` / `absolute://...`. Lookups ignore case.

A project never reads outside itself unless the user says so:

- `internal://` paths and bare names are read from the archive only (for a bare `.qde`, from
  its own `sources/` folder beside it, when the load allows local files: the command line
  does, uploads do not).
- Every other path (`file://`, `absolute://`, `relative://`, a bare path the archive lacks)
  is external, and read only from the folder the user names with `--sources-dir DIR`. It is
  looked up there, in order: at its place under DIR, when the path (a `relative://` one joined
  to the project's `basePath`) lies inside DIR; at the relative path itself, when it is
  relative and has no `..`; by its file name directly in DIR. The first of these that exists
  decides.
- Whatever is read must resolve, links followed, to a regular file inside its folder, and
  not be larger than `MAX_TEXT`. A source not read comes back as `NotRead`, saying why, and
  the load report names it.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from graph.errors import BadInput
from loaders.zip_safety import SafeZip

__all__ = ["ProjectFiles", "NotRead", "MAX_TEXT"]

MAX_TEXT = 512 * 1024**2  # bytes in one source text or one .qde
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_DRIVE = re.compile(r"[A-Za-z]:$")
_SHOWN = 200  # characters of a plainTextPath quoted in a warning
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # never in a warning line: a path cannot forge a line of the report


@dataclass(frozen=True)
class NotRead:
    """Why a source's text was not read; `outside` when its path points outside the project."""

    reason: str
    outside: bool


def _starts_like_zip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _folder_named(folder: Path, name: str) -> Path | None:
    try:
        return next((p for p in folder.iterdir() if p.is_dir() and p.name.lower() == name), None)
    except OSError:
        return None


def _parts(path: str) -> list[str]:
    """The names along a path written with '/' or '\\', without empty and '.' steps."""
    return [p for p in re.split(r"[/\\]", path) if p not in ("", ".")]


def _normalised(parts: list[str]) -> list[str] | None:
    """An absolute path's parts with '..' applied, or None when it climbs above the root."""
    out: list[str] = []
    for p in parts:
        if p == "..":
            if not out:
                return None
            out.pop()
        else:
            out.append(p)
    return out


def _under(parts: list[str], root: Path) -> list[str] | None:
    """The parts of an absolute path below `root` (as given or resolved), or None when outside it."""
    for form in dict.fromkeys((root.absolute(), root.resolve())):
        top = _parts(form.as_posix())
        if len(parts) > len(top) and [p.lower() for p in parts[:len(top)]] == [p.lower() for p in top]:
            return parts[len(top):]
    return None


def _entry(folder: Path, parts: list[str]) -> Path | None:
    """folder/parts when it exists (the last name matched ignoring case), else None."""
    if not parts or any(p == ".." or "\x00" in p for p in parts):
        return None
    exact = folder.joinpath(*parts)
    if os.path.lexists(exact):
        return exact
    parent = exact.parent
    try:
        return next((p for p in parent.iterdir() if p.name.lower() == parts[-1].lower()), None)
    except OSError:
        return None


def _candidates(scheme: str | None, rest: str, base_path: str | None, folder: Path) -> list[list[str]]:
    """Where in `folder` (--sources-dir) an external path may be, in order (see the module's docstring)."""
    parts = _parts(rest)
    if scheme == "file" and parts[:1] == ["localhost"]:
        parts = parts[1:]
    if not parts:
        return []
    absolute = scheme in ("file", "absolute") or rest[:1] in ("/", "\\") or bool(_DRIVE.match(parts[0]))
    whole = parts if absolute else None
    if scheme == "relative" and base_path:
        base = _SCHEME.sub("", base_path.strip(), count=1)
        if base[:1] in ("/", "\\") or _DRIVE.match(base[:2]):
            whole = _parts(unquote(base)) + parts
    found: list[list[str]] = []
    below = _under(_normalised(whole) or [], folder) if whole else None
    if below:
        found.append(below)
    if not absolute and ".." not in parts:
        found.append(parts)
    if parts[-1] != "..":
        found.append(parts[-1:])
    return found


def _read_confined(folder: Path, entry: Path) -> tuple[bytes, str] | NotRead:
    """The bytes of `entry` and its name, when it resolves to a regular file inside `folder`.

    Raises BadInput when the file is larger than MAX_TEXT.
    """
    not_regular = NotRead(f"is at {entry}, which is not a regular file; not read", outside=True)
    try:
        real = entry.resolve(strict=True)
        if not real.is_relative_to(folder.resolve()):
            return NotRead(f"is at {entry}, a link leading out of {folder}; not read", outside=True)
        if not stat.S_ISREG(real.stat().st_mode):
            return not_regular
        # O_NOFOLLOW and a second look: the file may have been swapped for a link or a pipe meanwhile
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                return not_regular
            if info.st_size > MAX_TEXT:
                raise BadInput(f"the source text is larger than {MAX_TEXT} bytes", str(entry))
            data = fh.read(MAX_TEXT + 1)
    except (OSError, RuntimeError) as exc:
        return NotRead(f"is at {entry}, which could not be read ({type(exc).__name__})", outside=True)
    if len(data) > MAX_TEXT:
        raise BadInput(f"the source text is larger than {MAX_TEXT} bytes", str(entry))
    return data, str(entry)


class ProjectFiles:
    """The project's `.qde` bytes and a lookup of its source texts by `plainTextPath`."""

    def __init__(self, path: Path, local_files: bool, sources_dir: Path | None = None) -> None:
        self.path = path
        self.local_files = local_files
        self.sources_dir = sources_dir
        self.zip: SafeZip | None = None
        if path.suffix.lower() == ".qdpx" or (path.suffix.lower() != ".qde" and _starts_like_zip(path)):
            self.zip = SafeZip(path)
            self.qde_name = self._find_qde(self.zip.names)
            self._members = {n.lower(): n for n in self.zip.names}
        else:
            self.qde_name = path.name
            self._members = {}
        self.folder = path.parent
        self.where = f"{path}:{self.qde_name}" if self.zip else str(path)

    def _find_qde(self, names: list[str]) -> str:
        found = [n for n in names if n.lower().endswith(".qde")]
        top = [n for n in found if "/" not in n.strip("/")] or found
        if len(top) == 1:
            return top[0]
        named = [n for n in top if PurePosixPath(n).name.lower() == "project.qde"]
        if len(named) == 1:
            return named[0]
        if not top:
            raise BadInput("the archive holds no .qde project file; is it a REFI-QDA export (.qdpx)?", str(self.path))
        raise BadInput(f"the archive holds several .qde files ({', '.join(top)}); export one project per file",
                       str(self.path))

    def qde_bytes(self) -> bytes:
        if self.zip:
            return self.zip.read(self.qde_name)
        if self.path.stat().st_size > MAX_TEXT:
            raise BadInput(f"the project file is larger than {MAX_TEXT} bytes", str(self.path))
        return self.path.read_bytes()

    def text(self, plain_text_path: str, base_path: str | None) -> tuple[bytes, str] | NotRead:
        """The bytes of a source text and where they came from, or why they were not read.

        Raises BadInput when the text is larger than MAX_TEXT.
        """
        ref = plain_text_path.strip()
        m = _SCHEME.match(ref)
        scheme, rest = (m.group(1).lower(), ref[m.end():]) if m else (None, ref)
        shown = _CONTROL.sub("?", ref if len(ref) <= _SHOWN else ref[:_SHOWN] + "...")
        if scheme not in (None, "internal", "relative", "file", "absolute"):
            return NotRead(f"has a text path of a kind ThemeGraph does not read ({shown})", outside=True)
        if scheme in (None, "internal", "relative"):
            found = self._inside(rest)
            if found is not None:
                return found
            if scheme == "internal" or (scheme is None and len(_parts(rest)) == 1 and self.sources_dir is None):
                return NotRead(f"has its text at {shown}, which is not in the file; export the project with "
                               "its sources", outside=False)
        if self.sources_dir is None:
            return NotRead(f"points outside the project ({shown}); pass --sources-dir DIR to read external sources",
                           outside=True)
        for parts in _candidates(scheme, unquote(rest) if scheme == "file" else rest, base_path, self.sources_dir):
            entry = _entry(self.sources_dir, parts)
            if entry is not None:
                return _read_confined(self.sources_dir, entry)
        return NotRead(f"points outside the project ({shown}), and --sources-dir {self.sources_dir} does not "
                       "hold it", outside=True)

    def _inside(self, name: str) -> tuple[bytes, str] | NotRead | None:
        """A text the project holds: a zip member, or a file in a bare .qde's own sources/ folder;
        None when it holds no such text."""
        if not self.zip:
            if not self.local_files:
                return NotRead("would be read from the sources/ folder beside a bare .qde, which only "
                               "`themegraph load` reads; upload the .qdpx instead", outside=False)
            sources = _folder_named(self.folder, "sources")
            parts = _parts(name)
            for relative in (parts, parts[-1:]):
                entry = _entry(sources, relative) if sources else None
                if sources is not None and entry is not None:
                    return _read_confined(sources, entry)
            return None
        name = name.replace("\\", "/").lstrip("/").lower()
        base = PurePosixPath(name).name
        for candidate in (f"sources/{name}", name):
            if candidate in self._members:
                member = self._members[candidate]
                return self.zip.read(member), f"{self.path}:{member}"
        by_base = [m for low, m in self._members.items() if PurePosixPath(low).name == base]
        if len(by_base) == 1:
            return self.zip.read(by_base[0]), f"{self.path}:{by_base[0]}"
        return None

    def close(self) -> None:
        if self.zip:
            self.zip.close()
