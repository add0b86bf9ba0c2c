"""Records -> one GraphBatch: codes checked against the study's codebook, experts kept consistent.

The one validation and batching path every format shares. The rules (DESIGN.md, "Studies
and codebooks"): a study with no codebook takes this file's codes as its codebook; a study
with one refuses codes outside it unless `extend` is set; a sub-theme named under another
theme than the codebook's is refused either way. One text range is one quote however many
records name it; one code on one quote is one coding, whoever applied it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from graph.codebook import Codebook
from graph.errors import BadInput, CodebookConflict
from graph.model import (
    Category,
    Coder,
    Coding,
    Concept,
    Expert,
    GraphBatch,
    Memo,
    Mention,
    Profession,
    Quote,
    Source,
    Study,
)
from graph.naming import (
    coder_uid,
    expert_uid,
    is_theme_uid,
    keyed_source_uid,
    memo_uid,
    name_key,
    quote_uid,
    slug,
    source_uid,
)
from loaders.codes import CodeResolver
from loaders.name_clashes import Named, source_clash
from loaders.name_limits import check_name, check_names
from loaders.records import CodeSpec, ConceptSpec, ExpertSpec, MemoSpec, Notice, Record, SourceSpec
from loaders.segment_row import SegmentRow

__all__ = ["BatchPlan", "BatchRules", "BatchStream", "build_batch", "PROFESSION_VARIABLES", "split_profession",
           "UNPLACED_MEMOS"]

PROFESSION_VARIABLES = ("profession", "occupation", "role", "职业")
# Memos on a code, expert or source the load leaves out (a code outside the codebook...): counted.
UNPLACED_MEMOS = "memos on what this load leaves out"


@dataclass(frozen=True)
class BatchRules:
    """What a load allows: adding codes, categories by theme name, the profession variable."""

    extend: bool = False
    categories: dict[str, Category] = field(default_factory=dict)
    profession_variable: str | None = None
    expert_exists: Callable[[str], bool] = lambda uid: False
    # the properties of those nodes ('Label|key') the graph holds, or will once this load's earlier files are written
    stored: Callable[[list[str]], dict[str, dict]] = lambda node_ids: {}
    max_errors: int = 50


@dataclass
class BatchPlan:
    """A validated batch with what it adds to the codebook and what the reader reported."""

    batch: GraphBatch
    codebook: Codebook
    rows: int
    new_themes: list[str] = field(default_factory=list)
    new_subthemes: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    profession_found: bool = False  # a profession was taken from the attributes


def split_profession(attributes: tuple[tuple[str, str], ...], variable: str | None
                     ) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """The profession found among attributes (by `variable`, else a usual name) and the rest."""
    wanted = (name_key(variable),) if variable else tuple(name_key(n) for n in PROFESSION_VARIABLES)
    for wanted_key in wanted:
        for name, value in attributes:
            if name_key(name) == wanted_key:
                return value, tuple((n, v) for n, v in attributes if n != name)
    return None, attributes


class _Builder:
    def __init__(self, study: Study, codebook: Codebook, rules: BatchRules) -> None:
        self.study = study
        self.rules = rules
        self.defining = not codebook
        self.codes = CodeResolver(codebook, may_add=self.defining or rules.extend, categories=rules.categories)
        self.professions: dict[str, Profession] = {}
        self.experts: dict[str, tuple[Expert, str, bool]] = {}
        # the last segment's expert cells and the expert they gave: a file's rows come by speaker
        self.last_expert: tuple[tuple, Expert] | None = None
        self.sources: dict[str, Source] = {}
        self.source_by_key: dict[str, str] = {}
        self.source_by_name: dict[str, Source] = {}
        self.named_sources: dict[str, Named] = {}  # sources whose uid comes from their name, as first named
        self.key = lru_cache(maxsize=4096)(name_key)  # professions repeat on every row of a table
        self.quotes: dict[str, Quote] = {}
        self.selections: dict[str, list[str]] = {}
        self.codings: dict[tuple[str, str], tuple[list[str], str | None]] = {}
        self.concepts: dict[str, Concept] = {}
        self.mentions: dict[tuple[str, str], Mention] = {}
        self.plan = BatchPlan(GraphBatch(study=study), codebook, 0)
        self.profession_found = False
        self.last_quote: str | None = None
        self.flushed: set[str] = set()  # experts, sources, professions and codes already in an earlier chunk
        self.memos: dict[str, Memo] = {}  # memos on quotes, written with their quote's chunk
        self.other_memos: list[MemoSpec] = []  # memos on codes, experts, sources, the study: placed at the end

    # ---- declarations ---------------------------------------------------------------------

    def code(self, spec: CodeSpec) -> None:
        self.codes.declare(spec)
        if self.codes.may_add:
            self.codes.by_key(spec.key)  # in file order, so codebook order follows the file

    def expert(self, pseudonym: str, profession: str | None, attributes: tuple[tuple[str, str], ...],
               where: str, declared: bool, find_profession: bool = True) -> Expert:
        if not pseudonym.strip():
            raise BadInput("empty expert id: every segment needs the speaker's pseudonym")
        if profession is None and find_profession:
            profession, attributes = split_profession(attributes, self.rules.profession_variable)
            self.profession_found = self.profession_found or profession is not None
        check_name("profession", profession)
        key = None
        if profession and profession.strip():
            key = self.key(profession)
            self.professions.setdefault(key, Profession(key, profession.strip()))
        expert = Expert(expert_uid(self.study.uid, pseudonym), self.study.uid, pseudonym.strip(), key,
                        tuple(sorted(attributes)))
        seen = self.experts.get(expert.uid)
        if seen is None:
            self.experts[expert.uid] = (expert, where, declared)
            return expert
        if seen[2] and not declared and profession is None and not attributes:
            return seen[0]  # a segment naming an expert the file declared
        if (seen[0].profession, seen[0].attributes) != (expert.profession, expert.attributes):
            raise BadInput(f"expert {pseudonym!r} has other values than on {seen[1]} in "
                           f"{_differing(seen[0], expert)}; an expert's profession and attributes must be the same "
                           "on every row: fix the values, or, if these columns describe the segment rather than "
                           "the person, leave them out of the attributes (a mapping file's `attributes: [...]` "
                           "lists the expert's columns, `attributes: []` none)")
        return seen[0]

    def declare_expert(self, spec: ExpertSpec) -> None:
        if spec.must_exist and not self.rules.expert_exists(expert_uid(self.study.uid, spec.pseudonym)):
            raise BadInput(f"expert {spec.pseudonym!r} is not in study {self.study.uid!r}; an attributes "
                           "table joins onto experts already loaded: load their segments first, or fix the id")
        self.expert(spec.pseudonym, spec.profession, spec.attributes, spec.where, declared=True,
                    find_profession=spec.find_profession)

    def source(self, spec: SourceSpec, expert: str | None = None) -> Source:
        """The source a spec names; `expert` when its name was made from that expert's id.

        Raises BadInput naming both when its uid comes from its name and another name's is the same.
        """
        uid = spec.uid or (keyed_source_uid(self.study.uid, spec.key) if spec.key
                           else source_uid(self.study.uid, spec.name))
        src = self.sources.get(uid)
        if src is None:
            src = self.sources[uid] = Source(uid, self.study.uid, spec.name, spec.language, spec.length)
            if not (spec.uid or spec.key):
                self.named_sources[uid] = Named(spec.name, spec.where, expert)
        elif uid in self.named_sources and src.name != spec.name:
            raise source_clash(Named(spec.name, spec.where, expert), self.named_sources[uid], slug(spec.name),
                               self.study.uid)
        if spec.key:
            self.source_by_key[spec.key] = uid
        return src

    def notice(self, n: Notice) -> None:
        p = self.plan
        if n.level == "skipped":
            p.skipped[n.kind] = p.skipped.get(n.kind, 0) + n.count
        elif n.level == "info":
            p.info[n.kind] = n.text
        if n.text and n.level != "info" and n.text not in p.warnings:
            p.warnings.append(n.text)

    # ---- segments -----------------------------------------------------------------------

    def code_of(self, row: SegmentRow) -> str:
        if row.code_key is not None:
            try:
                return self.codes.by_key(row.code_key)
            except KeyError:
                raise BadInput(f"the coding names code {row.code_key!r}, which the file's code tree "
                               "does not define; export the project again") from None
        if row.code_path:
            return self.codes.by_path(row.code_path, where=row.where)
        if row.theme:
            path = (row.theme, row.subtheme) if row.subtheme else (row.theme,)
            return self.codes.by_path(path, strict=True, where=row.where)
        return self.codes.by_subtheme_name(row.subtheme or "")

    def segment(self, row: SegmentRow) -> None:
        code = self.code_of(row)
        cells = (row.expert, row.profession, row.attributes)
        if self.last_expert is not None and self.last_expert[0] == cells:
            expert = self.last_expert[1]  # the same cells give the same expert (a recorded one never changes)
        else:
            expert = self.expert(row.expert, row.profession, row.attributes, row.where, declared=False)
            self.last_expert = (cells, expert)
        if row.source_key is not None and row.source_key in self.source_by_key:
            src = self.sources[self.source_by_key[row.source_key]]
        else:
            name = row.source or f"Interview {row.expert.strip()}"
            src = self.source_by_name.get(name) or self.source(SourceSpec(row.where, name),
                                                               None if row.source else row.expert.strip())
            self.source_by_name[name] = src
        identity = f"\x1eid:{row.ref}" if row.ref else row.text
        uid = row.quote_uid or quote_uid(self.study.uid, src.uid, row.start, row.end, identity)
        if uid not in self.quotes:
            self.quotes[uid] = Quote(uid, self.study.uid, expert.uid, src.uid, row.text, row.start, row.end,
                                     language=row.language, redacted=row.redacted, translation=row.translation)
        elif row.translation and not self.quotes[uid].translation:  # another row of the quote gives it
            self.quotes[uid] = replace(self.quotes[uid], translation=row.translation)
        if row.selections:
            kept = self.selections.setdefault(uid, [])
            kept += [s for s in row.selections if s not in kept]
        for name in row.concepts:
            if name not in self.concepts:
                raise BadInput(f"the segment mentions concept {name!r}, which the file does not define")
            self.mentions.setdefault((uid, name), Mention(uid, name))
        coders, at = self.codings.get((uid, code), ([], None))
        for coder in (row.coder, *row.coders):
            if coder and coder not in coders:
                coders.append(coder)
        if row.at and (at is None or row.at < at):
            at = row.at
        self.codings[(uid, code)] = (coders, at)
        for m in row.memos:
            memo = Memo(memo_uid(self.study.uid, uid, m.text, m.author), self.study.uid, uid, "Quote", m.text,
                        m.author, m.created)
            self.memos.setdefault(memo.uid, memo)
        self.last_quote = uid

    def flush(self) -> GraphBatch:
        """The records met since the last flush, as a batch; the last quote's stay for the next one,
        since the rows of one quote usually follow each other."""
        keep = self.last_quote
        seen = self.flushed

        def fresh(key: str) -> bool:
            if key in seen:
                return False
            seen.add(key)
            return True

        c = self.codes
        sources = [x for x in self.sources.values() if fresh(f"Source|{x.uid}")]
        self._unclaimed_in_store(sources)
        batch = GraphBatch(
            study=self.study,
            professions=[p for p in self.professions.values() if fresh(f"Profession|{p.name}")],
            experts=[e for e, _, _ in self.experts.values() if fresh(f"Expert|{e.uid}")],
            sources=sources,
            themes=[t for t in c.codebook.themes if fresh(f"Theme|{t.uid}")],
            subthemes=[t for t in c.codebook.subthemes if fresh(f"SubTheme|{t.uid}")],
            quotes=[q if q.uid not in self.selections else _with_selections(q, self.selections[q.uid])
                    for q in self.quotes.values() if q.uid != keep],
            codings=[Coding(q, code, coders[0] if coders else None, at, tuple(coders))
                     for (q, code), (coders, at) in self.codings.items() if q != keep],
            concepts=[x for x in self.concepts.values() if fresh(f"Concept|{x.name}")],
            mentions=[m for m in self.mentions.values() if m.quote != keep],
            memos=[m for m in self.memos.values() if m.target != keep],
        )
        self.memos = {u: m for u, m in self.memos.items() if m.target == keep}
        names = dict.fromkeys(name for c in batch.codings for name in c.coders)
        batch.coders = [Coder(uid, self.study.uid, name) for name in names
                        if fresh(f"Coder|{(uid := coder_uid(self.study.uid, name))}")]
        self.quotes = {u: q for u, q in self.quotes.items() if u == keep}
        self.selections = {u: x for u, x in self.selections.items() if u == keep}
        self.codings = {k: v for k, v in self.codings.items() if k[0] == keep}
        self.mentions = {k: m for k, m in self.mentions.items() if m.quote == keep}
        return batch

    def _placed_memos(self) -> list[Memo]:
        """The memos on codes, experts, sources and the study, on the nodes they name; those whose
        node this load leaves out are counted (UNPLACED_MEMOS)."""
        study = self.study.uid
        placed: dict[str, Memo] = {}
        for spec in self.other_memos:
            target: tuple[str, str] | None = (study, "Study")
            if spec.target == "code":
                try:
                    code = self.codes.by_key(spec.key or "")
                    target = (code, "Theme" if is_theme_uid(code) else "SubTheme")
                except (KeyError, CodebookConflict):
                    target = None
            elif spec.target == "expert":
                uid = expert_uid(study, spec.key or "")
                target = (uid, "Expert") if uid in self.experts or self.rules.expert_exists(uid) else None
            elif spec.target == "source":
                source = self.source_by_key.get(spec.key or "")
                target = (source, "Source") if source else None
            if target is None:
                self.notice(Notice("skipped", UNPLACED_MEMOS))
                continue
            memo = Memo(memo_uid(study, target[0], spec.text, spec.author), study, target[0], target[1], spec.text,
                        spec.author, spec.created)
            placed.setdefault(memo.uid, memo)
        return list(placed.values())

    def _unclaimed_in_store(self, sources: list[Source]) -> None:
        """Refuse a source named like one the study holds under another name (one lookup a chunk)."""
        named = [x for x in sources if x.uid in self.named_sources]
        stored = self.rules.stored([f"Source|{x.uid}" for x in named]) if named else {}
        for x in named:
            old = stored.get(f"Source|{x.uid}")
            if old is not None and old.get("name") != x.name:
                raise source_clash(self.named_sources[x.uid], Named(old.get("name", ""), None), slug(x.name),
                                   self.study.uid)

    def finish(self) -> BatchPlan:
        if not self.codes.may_add:
            unused = 0
            for spec in list(self.codes.declared()):
                try:
                    self.codes.by_key(spec.key)
                except CodebookConflict:
                    unused += 1
            if unused:
                self.notice(Notice("skipped", "codes outside the codebook", count=unused,
                                   text=f"{unused} code(s) of the file's code tree are not in study "
                                        f"{self.study.uid!r}'s codebook and code nothing here; left out "
                                        "(--extend-codebook adds them)"))
        p, c = self.plan, self.codes
        self.last_quote = None
        p.batch = self.flush()
        p.batch.memos += self._placed_memos()
        p.codebook = c.codebook
        p.new_themes = [t.name for t in c.new_themes]
        p.new_subthemes = [s.name for s in c.new_subthemes]
        p.profession_found = self.profession_found
        return p


def _differing(a: Expert, b: Expert) -> str:
    """The columns whose values differ between two readings of one expert, for an error message."""
    first, second = dict(a.attributes), dict(b.attributes)
    names = [n for n in dict.fromkeys([*first, *second]) if first.get(n) != second.get(n)]
    if a.profession != b.profession:
        names.insert(0, "profession")
    shown = ", ".join(repr(n) for n in names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return f"column{'s' if len(names) > 1 else ''} {shown}"


def _with_selections(q: Quote, selections: list[str]) -> Quote:
    return replace(q, selections=tuple(selections))


def build_batch(records: Iterable[Record], study: Study, codebook: Codebook, rules: BatchRules | None = None,
                *, extend: bool = False) -> BatchPlan:
    """Validate every record and build the batch.

    Returns the BatchPlan; raises BadInput (or CodebookConflict) for the first bad record,
    saying how many more there were, and BadInput when the file holds nothing at all.
    """
    stream = BatchStream(records, study, codebook, rules or BatchRules(extend=extend))
    for _ in stream:
        pass
    return stream.plan


class BatchStream:
    """`build_batch` in chunks: iterating yields a batch every `chunk_rows` segments (or one
    batch when None), so a file of any size is validated holding one chunk of its quotes.

    Experts, sources and codes go in the first chunk that names them; a quote named by rows
    in two chunks goes in both, which the stores' write rules merge. Errors are gathered over
    the whole file and raised once it is read, after the chunks before them were yielded, so a
    caller must not write a chunk before the iteration has ended. `plan` holds, after that,
    what the whole file adds to the codebook and what its reader reported; its batch is the
    last chunk.
    """

    def __init__(self, records: Iterable[Record], study: Study, codebook: Codebook, rules: BatchRules,
                 chunk_rows: int | None = None) -> None:
        self._records = records
        self._builder = _Builder(study, codebook, rules)
        self._chunk_rows = chunk_rows
        self.plan = self._builder.plan

    def __iter__(self) -> Iterator[GraphBatch]:
        b, rules, size = self._builder, self._builder.rules, self._chunk_rows
        errors: list[BadInput] = []
        declared = 0
        pending = 0
        for record in self._records:
            try:
                check_names(record)
                if isinstance(record, SegmentRow):
                    b.plan.rows += 1
                    b.segment(record)
                    pending += 1
                elif isinstance(record, Notice):
                    b.notice(record)
                else:
                    declared += 1
                    if isinstance(record, CodeSpec):
                        b.code(record)
                    elif isinstance(record, ExpertSpec):
                        b.declare_expert(record)
                    elif isinstance(record, MemoSpec):
                        b.other_memos.append(record)
                    elif isinstance(record, ConceptSpec):
                        b.concepts.setdefault(record.name, Concept(record.name, record.label, record.language))
                    else:
                        b.source(record)
            except BadInput as exc:
                errors.append(exc.at(exc.where or record.where))
                if len(errors) >= rules.max_errors:
                    break
            if size and pending >= size and not errors:
                pending = 0
                yield b.flush()
        if errors:
            first = errors[0]
            raise type(first)(first.reason, first.where, more=len(errors) - 1)
        if b.plan.rows == 0 and declared == 0:
            raise BadInput("the file holds no coded segments")
        yield b.finish().batch
