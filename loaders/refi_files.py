"""Where a REFI project's XML and source texts are: in a `.qdpx` zip, or beside a bare `.qde`.

Vendors differ: `project.qde`, `Project.qde` or `Trial.qde`; `sources/` or `Sources/`;
`plainTextPath` as `internal://X.txt`, a bare `X.txt`, or `relative://X.txt` against the
project's `basePath`. Lookups ignore case. Files outside the archive are read only when the
load allows local files (the command line does; uploads do not).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from graph.errors import BadInput
from loaders.zip_safety import SafeZip

__all__ = ["ProjectFiles", "MAX_TEXT"]

MAX_TEXT = 512 * 1024**2  # bytes in one source text or one .qde


def _starts_like_zip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _folder_named(folder: Path, name: str) -> Path | None:
    try:
        return next((p for p in folder.iterdir() if p.is_dir() and p.name.lower() == name), None)
    except OSError:
        return None


def _file_named(folder: Path, name: str) -> Path | None:
    exact = folder / name
    if exact.is_file():
        return exact
    try:
        return next((p for p in folder.iterdir() if p.is_file() and p.name.lower() == name.lower()), None)
    except OSError:
        return None


class ProjectFiles:
    """The project's `.qde` bytes and a lookup of its source texts by `plainTextPath`."""

    def __init__(self, path: Path, local_files: bool) -> None:
        self.path = path
        self.local_files = local_files
        self.zip: SafeZip | None = None
        if path.suffix.lower() == ".qdpx" or (path.suffix.lower() != ".qde" and _starts_like_zip(path)):
            self.zip = SafeZip(path)
            self.qde_name = self._find_qde(self.zip.names)
            self.folder = path.parent
            self._members = {n.lower(): n for n in self.zip.names}
        else:
            self.qde_name = path.name
            self.folder = path.parent
            self._members = {}
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

    def text(self, plain_text_path: str, base_path: str | None) -> tuple[bytes, str] | None:
        """The bytes of a source text and where they came from, or None when the file lacks it."""
        ref = plain_text_path.strip()
        low = ref.lower()
        if low.startswith("internal://"):
            return self._inside(ref[len("internal://"):])
        if low.startswith("relative://"):
            rel = ref[len("relative://"):].lstrip("/\\")
            bases = [Path(base_path)] if base_path else []
            return self._on_disk([b / rel for b in bases] + [self.folder / rel]) or self._inside(rel)
        if low.startswith(("file://", "absolute://")):
            return self._on_disk([Path(ref.split("://", 1)[1])])
        found = self._inside(ref)
        if found or not self.local_files:
            return found
        sources = _folder_named(self.folder, "sources")
        candidates = [sources / ref] if sources else []
        return self._on_disk(candidates + [self.folder / ref])

    def _inside(self, name: str) -> tuple[bytes, str] | None:
        if not self.zip:
            sources = _folder_named(self.folder, "sources") if self.local_files else None
            found = _file_named(sources, name) if sources else None
            return self._on_disk([found]) if found else None
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

    def _on_disk(self, candidates: list[Path]) -> tuple[bytes, str] | None:
        if not self.local_files:
            return None
        for p in candidates:
            if p.is_file():
                if p.stat().st_size > MAX_TEXT:
                    raise BadInput(f"the source text is larger than {MAX_TEXT} bytes", str(p))
                return p.read_bytes(), str(p)
        return None

    def close(self) -> None:
        if self.zip:
            self.zip.close()
