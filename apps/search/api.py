"""The search API: the same search as the page, for the caller's scope."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from apps.search.services import search
from dangbo.api_types import responses

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str
    kind: str | None = None


class HitOut(Schema):
    kind: str
    title_html: str
    url: str
    snippet_html: str
    meta: str
    because: str


class GroupOut(Schema):
    kind: str
    label: str
    hits: list[HitOut]


class SearchOut(Schema):
    q: str
    document_symbol: str | None
    groups: list[GroupOut]


@router.get(
    "", response=responses(SearchOut), summary="Tìm văn bản, bài viết, nơi trích dẫn và đảng viên trong phạm vi của người dùng"
)
def search_api(request: HttpRequest, params: Query[SearchQuery]) -> dict:
    query, groups = search(request.user, params.q, kinds=[params.kind] if params.kind else None)
    return {
        "q": params.q,
        "document_symbol": query.document.symbol if query.document else None,
        "groups": [
            {
                "kind": g.source.key,
                "label": str(g.source.label),
                "hits": [
                    {
                        "kind": h.kind,
                        "title_html": str(h.title),
                        "url": h.url,
                        "snippet_html": str(h.snippet),
                        "meta": h.meta,
                        "because": str(h.because),
                    }
                    for h in g.hits
                ],
            }
            for g in groups
        ],
    }
