from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from apps.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from apps.documents.models import Document, DocumentLink  # noqa: F401


class DocumentQuerySet(ScopedQuerySet["Document"]):
    """An internal document is read within the scope of its registry's organization, like any record; a public one
    by anyone who holds the permission somewhere (``visible_to`` lets no anonymous visitor through: the portal
    reads public documents with :meth:`public`)."""

    scope_field = "organization"

    def own_rows(self, user: Any, perm: str) -> Q | None:
        from apps.core.scoping import has_scope

        return Q(access="public") if has_scope(user, perm) else None

    def public(self) -> DocumentQuerySet:
        return self.filter(access="public")


class DocumentLinkQuerySet(ScopedQuerySet["DocumentLink"]):
    """A link belongs to the registry of the document that makes it (its ``source``)."""

    scope_field = "source__organization"
