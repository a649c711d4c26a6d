"""Reminders of meetings: an e-mail (Django's e-mail backend) and an in-app notification for every member
expected, enqueued by the services after commit and by the daily run for tomorrow's meetings
(``manage.py meeting_reminders``, from cron or a systemd timer)."""

from __future__ import annotations

import datetime as dt
import functools
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from apps.core import pagecache
from apps.core.dates import format_date
from apps.meetings import selectors
from apps.meetings.models import Meeting, Notification

logger = logging.getLogger(__name__)

REASONS = ("planned", "moved", "documents", "tomorrow")


def _text(meeting: Meeting, reason: str) -> str:
    local = timezone.localtime(meeting.starts_at)
    what = meeting.topic or meeting.get_kind_display()
    when = f"{local:%H:%M} {format_date(local.date())}"
    lead = {
        "planned": _("Lịch sinh hoạt mới"),
        "moved": _("Lịch sinh hoạt thay đổi"),
        "documents": _("Tài liệu sinh hoạt đã được gửi"),
        "tomorrow": _("Ngày mai sinh hoạt"),
    }.get(reason, _("Nhắc lịch sinh hoạt"))
    return f"{lead}: {meeting.organization.name} — {what}, {when}, {meeting.place}."


def remind(meeting_id: int, reason: str) -> int:
    """Notify every member expected at the meeting once per reason (and start time); answer how many were
    notified now. A reminder delivered twice writes and sends nothing the second time."""
    meeting = Meeting.objects.select_related("organization").filter(pk=meeting_id).first()
    if meeting is None or meeting.closed_at is not None or meeting.starts_at <= timezone.now():
        return 0
    text = _text(meeting, reason)
    url = reverse("meetings:checkin", args=[meeting.code]) if reason != "documents" else reverse("meetings:mine")
    key = f"meeting:{meeting.pk}:{reason}:{meeting.starts_at:%Y%m%d%H%M}"
    people = list(selectors.expected_people(meeting).select_related("user"))
    messages: list[EmailMessage] = []
    notified = 0
    for person in people:
        user = person.user
        address = person.email or (user.email if user is not None else "")
        if user is None and not address:
            continue  # no way to reach them but the secretary
        try:
            with transaction.atomic():
                Notification.objects.create(person=person, user=user, text=text, url=url, key=key)
                transaction.on_commit(functools.partial(pagecache.own_changed, [person.pk]))
        except IntegrityError:
            continue  # told already
        if address:
            messages.append(
                EmailMessage(
                    subject=text[:150],
                    body=text + "\n\n" + _("Mã điểm danh: %(c)s") % {"c": meeting.code},
                    from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
                    to=[address],
                )
            )
        notified += 1
    if messages:
        try:
            get_connection().send_messages(messages)
        except OSError:
            # the in-app notices are written; the e-mail server is someone else's outage, logged for the operator
            logger.warning("meeting %s: reminder e-mails not sent", meeting.pk, exc_info=True)
    return notified


@task()
def send_meeting_reminder(meeting_id: int, reason: str) -> int:
    return remind(meeting_id, reason)


def tomorrow_meeting_ids(today: dt.date | None = None) -> list[int]:
    tomorrow = (today or timezone.localdate()) + dt.timedelta(days=1)
    return list(
        Meeting.objects.filter(on_date=tomorrow, closed_at__isnull=True).order_by("starts_at").values_list("pk", flat=True)
    )


@task()
def remind_tomorrow() -> int:
    """The daily run: remind the members of every meeting planned for tomorrow."""
    return sum(remind(pk, "tomorrow") for pk in tomorrow_meeting_ids())
