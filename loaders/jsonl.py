"""JSONL, ThemeGraph's native lossless format: what `themegraph export` writes and `load` reads.

One JSON object a line, each with a "type". The first line is the header
`{"themegraph": "jsonl", "version": 1}`; then the concepts, shared by every study,
`{"type": "concept", "name", "label", "language"}`; then, study by study:

    {"type": "study", "uid", "title", "year", "country", "method", "notice"}
    {"type": "theme", "uid", "study", "name", "category", "order", "description"}
    {"type": "subtheme", "uid", "study", "name", "parent", "order", "description"}   parents first
    {"type": "expert", "uid", "study", "pseudonym", "profession", "profession_label", "attributes": {}}
    {"type": "source", "uid", "study", "name", "language", "length"}      length only when known
    {"type": "segment", "uid", "study", "expert", "source", "text", "start", "end", "language",
     "redacted", "selections": [], "concepts": [], "codings": [{"code", "coder", "at", "coders": []}],
     "memos": [{"text", "author", "created"}], "translation"}    memos and translation only when there are some
    {"type": "memo", "study", "target_label", "target", "text", "author", "created"}   on codes, experts...

A "segment" line is one coded segment: a quote with every code applied to it. Uids are kept
as written, so export, reset and load give back the identical graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.errors import BadInput
from graph.model import CATEGORIES, Study
from graph.naming import expert_uid
from graph.results import GraphDump
from loaders.reading import ReadContext, Section
from loaders.records import CodeSpec, ConceptSpec, ExpertSpec, MemoSpec, Notice, Record, SourceSpec
from loaders.segment_row import SegmentMemo, SegmentRow
from loaders.text_stream import text_lines

__all__ = ["read_jsonl", "jsonl_lines", "HEADER"]

HEADER = {"themegraph": "jsonl", "version": 1}
# Coder nodes are not lines of their own: a load makes them from the codings' coders.
_EXPORTED = {"Study", "Expert", "Profession", "Source", "Quote", "Theme", "SubTheme", "Concept", "Coder", "Memo"}
_MEMO_TARGETS = {"Theme": "code", "SubTheme": "code", "Expert": "expert", "Source": "source", "Study": "study"}


def _split(node_id: str) -> tuple[str, str]:
    label, _, key = node_id.partition("|")
    return label, key


def jsonl_lines(dump: GraphDump) -> Iterator[str]:
    """The graph as JSONL lines (without newlines); raises BadInput if it holds what JSONL cannot carry."""
    nodes: dict[str, dict[str, dict]] = {}
    for node_id, props in dump.nodes:
        label, key = _split(node_id)
        if label not in _EXPORTED:
            raise BadInput(f"the graph holds {label} nodes, which this version's JSONL export does not carry",
                           "export")
        nodes.setdefault(label, {})[key] = props
    parent: dict[str, str] = {}
    said: dict[str, str] = {}
    source_of: dict[str, str] = {}
    codings: dict[str, list[dict]] = {}
    mentions: dict[str, list[str]] = {}
    annotates: dict[str, tuple[str, str]] = {}  # memo uid -> (label, key) of what it annotates
    for a, rel, b, props in dump.edges:
        if rel == "PART_OF":
            parent[_split(a)[1]] = _split(b)[1]
        elif rel == "SAID":
            said[_split(b)[1]] = _split(a)[1]
        elif rel == "FROM_SOURCE":
            source_of[_split(a)[1]] = _split(b)[1]
        elif rel == "ANNOTATES":
            annotates[_split(a)[1]] = _split(b)
        elif rel == "MENTIONS":
            mentions.setdefault(_split(a)[1], []).append(_split(b)[1])
        elif rel == "CODED_AS":
            codings.setdefault(_split(a)[1], []).append({"code": _split(b)[1], "coder": props.get("coder"),
                                                         "at": props.get("at"), "coders": props.get("coders", [])})
    professions = nodes.get("Profession", {})

    def of_study(label: str, study: str) -> list[dict]:
        return [p for p in nodes.get(label, {}).values() if p.get("study") == study]

    memos: dict[str, list[dict]] = {}  # target key -> memos
    for uid, m in sorted(nodes.get("Memo", {}).items()):
        if uid in annotates:
            memos.setdefault(annotates[uid][1], []).append(
                {"target_label": annotates[uid][0], "text": m.get("text"), "author": m.get("author"),
                 "created": m.get("created")})

    def depth(uid: str) -> int:
        return 1 + depth(parent[uid]) if uid in parent else 0

    yield json.dumps(HEADER)
    for name, c in sorted(nodes.get("Concept", {}).items()):
        yield _line("concept", name=name, label=c.get("label"), language=c.get("language"))
    for uid, s in sorted(nodes.get("Study", {}).items()):
        yield _line("study", uid=uid, title=s.get("title"), year=s.get("year"), country=s.get("country"),
                    method=s.get("method"), **({"notice": s["notice"]} if s.get("notice") else {}))
        for t in sorted(of_study("Theme", uid), key=lambda t: (t["order"], t["uid"])):
            yield _line("theme", **{k: t.get(k) for k in ("uid", "study", "name", "category", "order", "description")})
        for x in sorted(of_study("SubTheme", uid), key=lambda x: (depth(x["uid"]), x["order"], x["uid"])):
            yield _line("subtheme", parent=parent.get(x["uid"]),
                        **{k: x.get(k) for k in ("uid", "study", "name", "order", "description")})
        for e in sorted(of_study("Expert", uid), key=lambda e: e["uid"]):
            prof = e.get("profession")
            yield _line("expert", uid=e["uid"], study=uid, pseudonym=e["pseudonym"], profession=prof,
                        profession_label=professions.get(prof, {}).get("label") if prof else None,
                        attributes={k[5:]: v for k, v in sorted(e.items()) if k.startswith("attr:")})
        for x in sorted(of_study("Source", uid), key=lambda x: x["uid"]):
            yield _line("source", **{k: x.get(k) for k in ("uid", "study", "name", "language")},
                        **({"length": x["length"]} if x.get("length") is not None else {}))
        for q in sorted(of_study("Quote", uid), key=lambda q: q["uid"]):
            yield _line("segment", uid=q["uid"], study=uid, expert=said.get(q["uid"]), source=source_of.get(q["uid"]),
                        text=q.get("text"), start=q.get("start"), end=q.get("end"), language=q.get("language"),
                        redacted=q.get("redacted", False), selections=q.get("selections", []),
                        concepts=sorted(mentions.get(q["uid"], [])),
                        codings=sorted(codings.get(q["uid"], []), key=lambda c: c["code"]),
                        **({"memos": [{k: m[k] for k in ("text", "author", "created")} for m in memos[q["uid"]]]}
                           if q["uid"] in memos else {}),
                        **({"translation": q["translation"]} if q.get("translation") else {}))
        for key in sorted(m["uid"] for label in ("Theme", "SubTheme", "Expert", "Source") for m in of_study(label, uid)):
            for m in memos.get(key, []):
                yield _line("memo", study=uid, target=key, **m)
        for m in memos.get(uid, []):
            yield _line("memo", study=uid, target=uid, **m)


def _line(kind: str, **fields: Any) -> str:
    return json.dumps({"type": kind, **fields}, ensure_ascii=False)


def _need(obj: dict, key: str, where: str, kind: type = str) -> Any:
    value = obj.get(key)
    if not isinstance(value, kind) or (kind is str and not value):
        raise BadInput(f"'{obj.get('type')}' line needs {key!r} ({kind.__name__})", where)
    return value


def _optional(obj: dict, key: str, where: str, kind: type | tuple[type, ...] = str) -> Any:
    """The value under `key`, which may be absent or null, else must be of `kind` (never a bool for int)."""
    value = obj.get(key)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if value is None or (isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)):
        return value
    names = " or ".join(k.__name__ for k in kinds)
    raise BadInput(f"'{obj.get('type')}' line: {key!r} must be {names} or null, not {type(value).__name__}", where)


def _list_of(obj: dict, key: str, where: str, kind: type = str) -> list:
    """A list under `key` (absent or null: empty) whose items are all of `kind`."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
        raise BadInput(f"'{obj.get('type')}' line: {key!r} must be a list of {kind.__name__}", where)
    return value


def _record(obj: dict, where: str, experts: dict[str, str], concepts: dict[str, ConceptSpec],
            given: set[str]) -> Iterator[Record]:
    kind = obj.get("type")
    if kind in ("theme", "subtheme"):
        category = obj.get("category") if kind == "theme" else None
        if kind == "theme" and category not in CATEGORIES:
            raise BadInput(f"category {category!r} is not one of {', '.join(CATEGORIES)}", where)
        uid = _need(obj, "uid", where)
        yield CodeSpec(where, uid, _need(obj, "name", where), _need(obj, "parent", where) if kind == "subtheme" else None,
                       _optional(obj, "description", where), uid=uid, category=category,
                       order=_optional(obj, "order", where, int))
    elif kind == "expert":
        uid, pseudonym = _need(obj, "uid", where), _need(obj, "pseudonym", where)
        attributes = obj.get("attributes") or {}
        if not isinstance(attributes, dict) or not all(isinstance(v, str | int | float) for v in attributes.values()):
            raise BadInput("'attributes' must be an object of texts or numbers", where)
        experts[uid] = pseudonym
        yield ExpertSpec(where, pseudonym, _optional(obj, "profession_label", where) or _optional(obj, "profession", where),
                         tuple(sorted((str(k), str(v)) for k, v in attributes.items())), find_profession=False)
    elif kind == "source":
        uid = _need(obj, "uid", where)
        length = _optional(obj, "length", where, int)
        if length is not None and length < 0:
            raise BadInput(f"'length' must not be negative (got {length})", where)
        yield SourceSpec(where, _need(obj, "name", where), key=uid, language=_optional(obj, "language", where), uid=uid,
                         length=length)
    elif kind == "segment":
        expert = experts.get(_need(obj, "expert", where))
        if expert is None:
            raise BadInput(f"the segment names expert {obj['expert']!r}, which no earlier 'expert' line defines", where)
        mentioned = tuple(_list_of(obj, "concepts", where))
        for name in mentioned:
            if name not in concepts:
                raise BadInput(f"the segment mentions concept {name!r}, which no 'concept' line defines", where)
            if name not in given:
                given.add(name)
                yield concepts[name]
        codings = _list_of(obj, "codings", where, dict)
        text, source, quote_uid = _need(obj, "text", where), _need(obj, "source", where), _need(obj, "uid", where)
        start, end = _optional(obj, "start", where, int), _optional(obj, "end", where, int)
        language, selections = _optional(obj, "language", where), tuple(_list_of(obj, "selections", where))
        redacted, translation = _optional(obj, "redacted", where, bool), _optional(obj, "translation", where)
        memos = tuple(SegmentMemo(_need(m, "text", where), _optional(m, "author", where), _optional(m, "created", where))
                      for m in _list_of(obj, "memos", where, dict))
        if not codings:
            yield Notice("skipped", "segments without a coding")
        for c in codings:
            yield SegmentRow(
                where=where, expert=expert, profession=None, text=text, theme=None, subtheme=None,
                source_key=source, start=start, end=end, language=language, coder=_optional(c, "coder", where),
                at=_optional(c, "at", where), code_key=_need(c, "code", where), selections=selections,
                quote_uid=quote_uid, redacted=bool(redacted), coders=tuple(_list_of(c, "coders", where)),
                concepts=mentioned, memos=memos, translation=translation,
            )
    elif kind == "memo":
        label = _need(obj, "target_label", where)
        if label not in _MEMO_TARGETS:
            raise BadInput(f"'target_label' must be one of {', '.join(_MEMO_TARGETS)}, not {label!r}", where)
        target = _need(obj, "target", where)
        key = {"Expert": lambda: experts.get(target), "Study": lambda: None}.get(label, lambda: target)()
        if label == "Expert" and key is None:
            raise BadInput(f"the memo names expert {target!r}, which no earlier 'expert' line defines", where)
        yield MemoSpec(where, _MEMO_TARGETS[label], key, _need(obj, "text", where),  # type: ignore[arg-type]
                       _optional(obj, "author", where), _optional(obj, "created", where))
    else:
        raise BadInput(f"unknown line type {kind!r}; expected study, theme, subtheme, expert, source, segment or memo",
                       where)


def read_jsonl(path: Path, ctx: ReadContext) -> list[Section]:
    """One section per study in the file; raises BadInput naming FILE:LINE."""
    sections: list[Section] = []
    experts: dict[str, str] = {}
    concepts: dict[str, ConceptSpec] = {}
    given: dict[int, set[str]] = {}  # section -> concepts already yielded into it
    for number, line in enumerate(text_lines(path, ctx.progress), start=1):
        where = f"{path}:{number}"
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise BadInput(f"not a JSON object ({getattr(exc, 'msg', exc)})", where) from None
        if not isinstance(obj, dict):
            raise BadInput("each line must be a JSON object", where)
        if "themegraph" in obj:
            if obj.get("version") != HEADER["version"]:
                raise BadInput(f"JSONL version {obj.get('version')!r}; this version reads {HEADER['version']}", where)
            continue
        if obj.get("type") == "concept":
            name = _need(obj, "name", where)
            concepts[name] = ConceptSpec(where, name, _optional(obj, "label", where) or name,
                                         _optional(obj, "language", where))
            continue
        if obj.get("type") == "study":
            uid = _need(obj, "uid", where)
            study = Study(uid, _optional(obj, "title", where) or uid, _optional(obj, "year", where, int),
                          _optional(obj, "country", where), _optional(obj, "method", where),
                          _optional(obj, "notice", where))
            sections.append(Section([], study=study, format="jsonl"))
            continue
        if not sections:
            raise BadInput("a 'study' line must come before the study's other lines", where)
        study_uid = sections[-1].study.uid  # type: ignore[union-attr]
        if obj.get("study", study_uid) != study_uid:
            raise BadInput(f"the line belongs to study {obj.get('study')!r} but follows study {study_uid!r}'s line",
                           where)
        if obj.get("type") == "expert" and obj.get("uid") != expert_uid(study_uid, str(obj.get("pseudonym", ""))):
            raise BadInput("an expert's uid must be its study and pseudonym joined by ':'", where)
        sections[-1].records.extend(  # type: ignore[attr-defined]
            _record(obj, where, experts, concepts, given.setdefault(len(sections), set())))
    if not sections:
        raise BadInput("the file holds no study; a ThemeGraph JSONL export starts with a 'study' line", str(path))
    mentioned = set().union(*given.values()) if given else set()
    # concepts no quote mentions (yet): kept with the first study, so nothing is lost
    sections[0].records[:0] = [c for name, c in concepts.items() if name not in mentioned]  # type: ignore[index]
    return sections
