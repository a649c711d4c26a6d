"""The visit counter of an article: exact under concurrent visits.

One statement per visit, ``UPDATE portal_article SET view_count = view_count + 1 WHERE id = %s``: the database adds
to the value it holds at that moment (the row lock orders concurrent increments), so no visit is lost the way a
read-modify-write (read 41, write 42, while another visit also wrote 42) loses them. ``Article.save`` never
writes the counter back (``models.Article.save``), so an edit made meanwhile keeps every visit too.
"""

from __future__ import annotations

from django.db.models import F

from apps.portal.models import Article


def count_visit(article_id: int) -> bool:
    """Add one visit; whether the article exists."""
    return bool(Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1))
