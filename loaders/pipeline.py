"""Files -> validated batches -> the store: every file checked before any is written.

`load_paths` is what `themegraph load` and `POST /v1/imports` call. Each file is read by its
format's module into sections (one per study; JSONL may hold several), each section becomes
batches of `CHUNK_ROWS` segments through `loaders.segments.BatchStream`, kept in a `Spill`
(on disk past the first), and only when every file has passed are they written, each file's
atomically (`GraphStore.write_chunks`). A CSV is read as a stream, so a file of any size is
held one chunk at a time (an embedded store holds its graph in memory regardless).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.codebook import Codebook, reference_codebook, reference_study
from graph.errors import BadInput, CodebookConflict
from graph.model import STUDY_ID_PATTERN, Category, Study
from graph.naming import name_key
from graph.store import GraphStore
from graph.stores.planned import PlannedGraph
from loaders.category_map import read_category_map
from loaders.enrich import EnrichOptions, EnrichReport, EnrichTally, enrich_batch
from loaders.enrich.redact import read_name_list
from loaders.jsonl import read_jsonl
from loaders.load_report import LoadReport
from loaders.mapping import read_mapping
from loaders.reading import ReadContext, Section
from loaders.records import CodeSpec
from loaders.refi_project import read_refi
from loaders.sample import ILLUSTRATIVE, is_sample
from loaders.segments import BatchPlan, BatchRules, BatchStream
from loaders.speakers import Speakers, SpeakerTally
from loaders.spill import Spill
from loaders.tabular_files import read_csv, read_xls, read_xlsx
from loaders.tabular_layouts import PRESETS

__all__ = ["LoadOptions", "LoadReport", "load_paths", "FORMATS", "DEFAULT_STUDY", "check_study_id",
           "study_id_from_name"]

DEFAULT_STUDY = "default"
CHUNK_ROWS = 20_000  # segments per batch: what a load holds in memory at a time
Reader = Callable[[Path, ReadContext], list[Section]]
FORMATS: dict[str, Reader] = {"refi": read_refi, "csv": read_csv, "xlsx": read_xlsx, "xls": read_xls,
                              "jsonl": read_jsonl}
_TABLES = ("csv", "xlsx", "xls")
_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".qdpx": "refi",
             ".qde": "refi", ".qdc": "refi", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_STUDY_ID = re.compile(STUDY_ID_PATTERN)
_NOT_ID = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class LoadOptions:
    study: str | None = None
    format: str = "auto"
    codebook: str | Path | None = None  # "reference" or a codebook file (.qdc, or any file with a code tree)
    extend_codebook: bool = False
    dry_run: bool = False
    mapping: Path | None = None
    category_map: Path | None = None
    profession_variable: str | None = None
    local_files: bool = False  # a bare .qde's own sources/ folder may be read: the command line, not uploads
    sources_dir: Path | None = None  # --sources-dir: the one folder REFI texts outside a project are read from
    # (file, bytes done, bytes in all, phase): "reading" a file, then "writing" it (its chunks, in bytes)
    progress: Callable[..., None] | None = None
    redact: bool = False  # personal data in quote texts replaced by typed placeholders before writing
    redact_names: Path | None = None  # a file of names to redact wherever they occur (implies redact)
    concepts: bool = True  # lexicon concepts and MENTIONS edges
    language: bool = True  # the language of quotes that have none (zh, en, mixed)
    lexicon: tuple[Path, ...] = ()  # the user's lexicon files, added to the shipped one
    spacy_model: str | None = None  # an installed pretrained spaCy pipeline for noun chunks and lemmas
    notice: str | None = None  # the studies loaded get this notice (the bundled sample gets ILLUSTRATIVE anyway)
    # --speakers: a label at a quote's start names its speaker ("" or None: off; see loaders.speakers)
    speakers: str | None = None


@dataclass
class _StudyState:
    study: Study
    codebook: Codebook
    mode: str
    by_name: bool = False  # a study already loaded, found by the project's name (no --study)


@dataclass
class _Plan:
    path: Path
    fmt: str
    plan: BatchPlan
    mode: str
    chunks: Spill
    totals: dict[str, int]  # experts, sources, quotes, codings in the chunks
    counts: tuple[dict[str, int], dict[str, int], dict[str, int]] = field(default_factory=lambda: ({}, {}, {}))
    enrichment: EnrichReport | None = None
    speakers: SpeakerTally | None = None


def check_study_id(study: str) -> str:
    if not _STUDY_ID.fullmatch(study):
        raise BadInput(f"study id {study!r} must be letters, digits, '.', '_' or '-' (at most 80)", "--study")
    return study


def study_id_from_name(name: str | None) -> str:
    """A study id made from a project's name: other characters become '-'."""
    made = _NOT_ID.sub("-", name or "").strip("-._")[:80].strip("-._")
    return made if made and _STUDY_ID.fullmatch(made) else DEFAULT_STUDY


def _reader_of(path: Path, requested: str) -> tuple[str, Reader, str | None]:
    """(format name, reader, forced table layout) for a file and the --format asked for."""
    container = _SUFFIXES.get(path.suffix.lower())
    if requested in PRESETS:
        if container not in _TABLES:
            raise BadInput(f"--format {requested} is a table layout; give it a .csv, .xlsx or .xls file", str(path))
        return container, FORMATS[container], requested
    if requested != "auto":
        if requested not in FORMATS:
            known = ", ".join([*FORMATS, *PRESETS])
            raise BadInput(f"unknown format {requested!r}; this version reads: auto, {known}", "--format")
        return requested, FORMATS[requested], None
    if not container:
        raise BadInput(f"cannot tell the format from the suffix {path.suffix!r}; "
                       f"name it with --format ({', '.join([*FORMATS, *PRESETS])})", str(path))
    return container, FORMATS[container], None


class _Load:
    def __init__(self, store: GraphStore, options: LoadOptions) -> None:
        self.store = store
        self.options = options
        self.state = PlannedGraph(store)
        self.studies: dict[str, _StudyState] = {}
        self.plans: list[_Plan] = []
        self.categories: dict[str, Category] = (read_category_map(options.category_map)
                                                if options.category_map else {})
        mapping = read_mapping(options.mapping) if options.mapping else None
        self.context = ReadContext(mapping=mapping, mapping_where=str(options.mapping), local_files=options.local_files,
                                   progress=None)
        names = tuple(read_name_list(options.redact_names)) if options.redact_names else ()
        self.speakers = Speakers(options.speakers or None) if options.speakers is not None else None
        self.enrich = EnrichOptions(redact=options.redact or bool(names), names=names, concepts=options.concepts,
                                    language=options.language,
                                    lexicon_files=options.lexicon, spacy_model=options.spacy_model)

    def rules(self) -> BatchRules:
        return BatchRules(extend=self.options.extend_codebook, categories=self.categories,
                          profession_variable=self.options.profession_variable,
                          expert_exists=lambda uid: self.state.has(f"Expert|{uid}"), stored=self.state.known)

    def study(self, section: Section, path: Path) -> _StudyState:
        o = self.options
        if o.study and section.study and section.study.uid != o.study:
            raise BadInput(f"the file holds study {section.study.uid!r}; JSONL keeps its study ids, so leave out "
                           "--study or give that id", str(path))
        if o.study:
            uid = o.study
        elif section.study:
            uid = check_study_id(section.study.uid)
        elif section.study_name:
            uid = study_id_from_name(section.study_name)
        else:
            uid = DEFAULT_STUDY
        notice = o.notice or (ILLUSTRATIVE if is_sample(path) else None)
        if uid in self.studies:
            state = self.studies[uid]
            if notice and state.study.notice != notice:
                state.study = dataclasses.replace(state.study, notice=notice)
            return state
        stored = self.state.get(f"Study|{uid}")
        codebook = self.store.codebook(uid) if stored else Codebook(uid)
        if stored:
            study = Study(uid, stored.get("title") or uid, stored.get("year"), stored.get("country"), stored.get("method"),
                          stored.get("notice"))
        elif section.study:
            study = section.study
        elif o.codebook == "reference":
            study = reference_study(uid)
        else:
            study = Study(uid, title=section.study_name or uid)
        if notice:
            study = dataclasses.replace(study, notice=notice)
        mode = "existing" if codebook else "defined"
        if not codebook and o.codebook == "reference":
            codebook, mode = reference_codebook(uid), "reference"
        by_name = bool(stored) and not o.study and not section.study and bool(section.study_name)
        state = self.studies[uid] = _StudyState(study, codebook, mode, by_name)
        if o.codebook not in (None, "reference"):
            self.codebook_file(Path(str(o.codebook)), state)
        return state

    def codebook_file(self, path: Path, state: _StudyState) -> None:
        if not path.is_file():
            raise BadInput("no such codebook file", str(path))
        fmt, reader, _ = _reader_of(path, "auto")
        sections = reader(path, self.context)
        specs = [r for s in sections for r in s.records if isinstance(r, CodeSpec)]
        if not specs:
            raise BadInput("the file defines no code tree to use as a codebook", str(path))
        self.add(path, sections[0].format or fmt, specs, state, mode="file" if not state.codebook else state.mode)

    def add(self, path: Path, fmt: str, records, state: _StudyState, mode: str | None = None) -> None:
        # JSONL is ThemeGraph's own lossless export: it is written back as it was, unless asked to redact.
        enrich = self.enrich if fmt != "jsonl" else dataclasses.replace(self.enrich, language=False, concepts=False)
        speakers = SpeakerTally() if self.speakers and fmt != "refi-codebook" else None
        if speakers is not None and self.speakers:
            records = self.speakers.apply(records, speakers)
        stream = BatchStream(records, state.study, state.codebook, self.rules(), CHUNK_ROWS)
        spill, tally = Spill(), EnrichTally()
        totals = dict.fromkeys(("experts", "sources", "quotes", "codings"), 0)
        counts: tuple[dict[str, int], ...] = ({}, {}, {})
        concepts: set[str] = set()
        try:
            for batch in stream:
                if batch.quotes and (enrich.redact or enrich.language or enrich.concepts):
                    batch, report = enrich_batch(batch, enrich)
                    tally.add(report, batch)
                    # each chunk names the concepts it mentions: the first one that does creates it
                    batch.concepts = [c for c in batch.concepts if c.name not in concepts]
                    concepts.update(c.name for c in batch.concepts)
                if spill.chunks:  # the chunks before are planned and spilled: hold this one only
                    self.state.settle()
                counts = tuple(_add(a, b) for a, b in zip(counts, self.state.apply(batch), strict=True))
                for kind in totals:
                    totals[kind] += len(getattr(batch, kind))
                spill.add(batch)
        except CodebookConflict as exc:
            spill.close()
            if state.by_name:  # two projects of one name (NVivo's 'Untitled'): the codebook is not the issue
                raise CodebookConflict(f"{exc.reason}; or, if this is another project that shares the name of "
                                       f"study {state.study.uid!r}, load it as its own study with --study NEW-ID",
                                       exc.where or str(path), exc.more) from None
            raise exc.at(exc.where or str(path)) from None
        except BadInput as exc:
            spill.close()
            raise exc.at(exc.where or str(path)) from None
        plan = stream.plan
        if state.by_name and totals["sources"] and counts[0].get("sources") == totals["sources"]:
            plan.warnings.append(
                f"study {state.study.uid!r} was already loaded and this project has the same name, but all "
                f"{totals['sources']} of its sources are new: if it is a different project, load it as its own "
                f"study with --study NEW-ID (it was added to {state.study.uid!r}; `themegraph delete-study "
                f"{state.study.uid} --yes` and reloading that study's own files undoes it)")
        mode = mode or state.mode
        if mode == "existing" and (plan.new_themes or plan.new_subthemes):
            mode = "extended"
        self.plans.append(_Plan(path, fmt, plan, mode, spill, totals, counts, tally.report,  # type: ignore[arg-type]
                                speakers))
        state.codebook, state.mode = plan.codebook, "existing"

    def file(self, path: Path) -> None:
        if not path.is_file():
            raise BadInput("no such file", str(path))
        fmt, reader, layout = _reader_of(path, self.options.format)
        progress = self.options.progress
        total = path.stat().st_size
        context = ReadContext(layout=layout, mapping=self.context.mapping, mapping_where=self.context.mapping_where,
                              local_files=self.options.local_files, sources_dir=self.options.sources_dir,
                              progress=(lambda done: progress(str(path), done, total)) if progress else None,
                              codebook=lambda: self.study(Section([]), path).codebook)
        try:
            sections = reader(path, context)
        except BadInput as exc:
            raise exc.at(exc.where or str(path)) from None
        for section in sections:
            self.add(path, section.format or fmt, section.records, self.study(section, path))

    def check(self) -> None:
        variable = self.options.profession_variable
        if variable and not any(p.plan.profession_found for p in self.plans):
            raise BadInput(f"no case variable or column named {variable!r} in the files loaded", "--profession-variable")
        themes = {name_key(t.name) for s in self.studies.values() for t in s.codebook.themes}
        unknown = [k for k in self.categories if k not in themes]
        if unknown and self.plans:
            self.plans[0].plan.warnings.append(
                f"the category map names {len(unknown)} theme(s) the codebook does not hold: "
                + ", ".join(repr(k) for k in unknown[:5]))


def load_paths(store: GraphStore, paths: list[Path], options: LoadOptions) -> list[LoadReport]:
    """Validate every file, then write them in order (unless a dry run).

    Returns one report per file and study; raises BadInput (naming the file and the row or
    element) before anything is written.
    """
    if options.study is not None:
        check_study_id(options.study)
    if options.sources_dir is not None and not options.sources_dir.is_dir():
        raise BadInput("no such folder", f"--sources-dir {options.sources_dir}")
    load = _Load(store, options)
    try:
        for path in paths:
            load.file(path)
        load.check()
        reports = []
        for i, p in enumerate(load.plans):
            if not options.dry_run:
                more = any(later.plan.batch.study.uid == p.plan.batch.study.uid for later in load.plans[i + 1:])
                store.write_chunks(_WriteProgress(p, options.progress), p.chunks.quotes, more)
            p.chunks.close()
            plan = p.plan
            created, updated, unchanged = p.counts
            reports.append(LoadReport(
                file=str(p.path), format=p.fmt, study=plan.batch.study.uid, codebook=p.mode, rows=plan.rows,
                **p.totals, new_themes=plan.new_themes, new_subthemes=plan.new_subthemes,
                written=not options.dry_run, created=created, updated=updated, unchanged=unchanged,
                skipped=plan.skipped, warnings=plan.warnings, offsets=plan.info.get("offsets"),
                enrichment=p.enrichment,
                speakers=p.speakers.in_order() if p.speakers else None,
                without_speaker=p.speakers.without_label if p.speakers else None,
            ))
        return reports
    finally:
        for p in load.plans:
            p.chunks.close()


class _WriteProgress:
    """A plan's chunks, telling `progress` how far the writing is (a file of several chunks)."""

    def __init__(self, plan: _Plan, progress: Callable[..., None] | None) -> None:
        self._plan, self._progress = plan, progress

    def __iter__(self):
        chunks, progress = self._plan.chunks, self._progress
        if progress is None or chunks.chunks < 2:
            yield from chunks
            return
        size = self._plan.path.stat().st_size
        for i, batch in enumerate(chunks):
            yield batch
            progress(str(self._plan.path), size * (i + 1) // chunks.chunks, size, "writing")


def _add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: a.get(k, 0) + b.get(k, 0) for k in {**a, **b}}
