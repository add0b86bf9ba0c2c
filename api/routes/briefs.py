"""Policy briefs: Markdown, HTML, JSON or DOCX, every figure traceable to its quotes."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import HeavyDep, StoreDep
from graph.briefs import (
    MEDIA_TYPES,
    Brief,
    BriefFormat,
    Comparison,
    build_brief,
    build_comparison,
    render_brief,
)
from graph.errors import BadInput
from graph.model import Category

router = APIRouter(prefix="/v1", tags=["briefs"])


@router.get(
    "/briefs", response_model=Brief | Comparison,
    summary="A policy brief: method box, findings in words with counts, risks table, heatmap, quotes",
    responses={200: {"content": {MEDIA_TYPES["md"]: {}, MEDIA_TYPES["html"]: {}, MEDIA_TYPES["docx"]: {}, MEDIA_TYPES["xlsx"]: {}}},
               400: {"description": "Several studies loaded and none named"},
               404: {"description": "Unknown study, or no study loaded"},
               503: {"description": "As many briefs and suggestions as the server allows are being computed"}},
    description="Needs no key. A brief is computed once per graph version (kept until the next write), a few "
                "at a time (THEMEGRAPH_HEAVY_REQUESTS).",
)
def brief(
    store: StoreDep,
    heavy: HeavyDep,
    category: Annotated[Category | None, Query(description="Only this theme category, e.g. 'gap' for the risks.")] = None,
    study: Annotated[list[str] | None, Query(description="Study uid; may be left out when one study is loaded. "
                                                         "Repeat it to compare studies (codes matched by name).")] = None,
    format: Annotated[BriefFormat, Query(description="md, html, json, docx, or xlsx (the brief's tables).")] = "md",
) -> Brief | Comparison | Response:
    studies = list(dict.fromkeys(study or []))
    if len(studies) > 1 and category:
        raise BadInput("a comparison of several studies takes no category; brief one study for that", "category")
    scope = tuple(studies) if len(studies) > 1 else (studies[0] if studies else None)
    answer = heavy.kept(("brief", store.version(), scope, category), "brief",
                        lambda: build_comparison(store, studies) if len(studies) > 1
                        else build_brief(store, studies[0] if studies else None, category))
    if format == "json":
        return answer
    headers = None
    if format in ("docx", "xlsx"):
        name = re.sub(r"[^A-Za-z0-9._-]", "_", answer.study if isinstance(answer, Brief) else "-".join(studies))  # a header is Latin-1, a study id may not be
        headers = {"Content-Disposition": f'attachment; filename="brief-{name}.{format}"'}
    return Response(render_brief(answer, format), media_type=MEDIA_TYPES[format], headers=headers)
