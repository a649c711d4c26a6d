"""RSS 2.0 and Atom feeds of the latest public articles (django.contrib.syndication)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from apps.portal import selectors
from apps.portal.models import Article

LIMIT = 30


class LatestRss(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    language = "vi"
    description = "Tin bài mới nhất"

    def title(self) -> str:
        from apps.portal.views import site_name

        return site_name()

    def link(self) -> str:
        return reverse("portal:home")

    def feed_url(self) -> str:
        return reverse("portal:rss")

    def items(self) -> Any:
        return list(selectors.public_articles()[:LIMIT])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.lead

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Article) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        return item.byline or None

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.name]


class LatestAtom(LatestRss):
    feed_type = Atom1Feed
    subtitle = LatestRss.description

    def feed_url(self) -> str:
        return reverse("portal:atom")
