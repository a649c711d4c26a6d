"""Reminders: planning a meeting enqueues a task after commit; the task e-mails the members and writes an
in-app notification shown in the header; delivered twice, it writes nothing twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.core import audit
from apps.meetings import tasks
from apps.meetings.models import Notification
from apps.meetings.tests.world import build, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return build()


def test_plan_enqueues_reminder_on_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        m = plan(world, start=timezone.now() + dt.timedelta(days=2))
    # besides the service's announcement of what it changed (the page cache), one reminder
    reminders = [cb for cb in callbacks if getattr(cb, "__func__", None) is not audit.Changes.announce]
    assert len(reminders) == 1 and len(callbacks) == 2
    assert not Notification.objects.exists() and not mail.outbox  # nothing before the commit
    reminders[0]()
    member = world.users["member"]
    note = Notification.objects.get(user=member)
    assert "Chi bộ Kế toán" in note.text and note.url == reverse("meetings:checkin", args=[m.code])
    assert [msg.to for msg in mail.outbox] == [["cang@example.vn"]]
    assert m.code in mail.outbox[0].body
    # delivered twice: nothing new
    assert tasks.remind(m.pk, "planned") == 0
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_no_reminder_for_a_meeting_already_started(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plan(world, start=timezone.now() - dt.timedelta(minutes=5))
    assert [cb for cb in callbacks if getattr(cb, "__func__", None) is not audit.Changes.announce] == []
    assert not Notification.objects.exists()


def test_tomorrows_meetings_and_the_header_badge(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(14, 0), tzinfo=timezone.get_current_timezone())
    m = plan(world, start=start)
    later = plan(world, start=start + dt.timedelta(days=2))
    assert tasks.tomorrow_meeting_ids() == [m.pk]
    assert tasks.remind_tomorrow.call() == 1  # one member of A1 has a login or an e-mail address
    assert Notification.objects.filter(key__contains=f"meeting:{later.pk}:").count() == 0
    c = Client()
    c.force_login(world.users["member"])
    page = c.get(reverse("organizations:tree")).content.decode()
    assert 'class="mt-badge"' in page
    mine = c.get(reverse("meetings:mine")).content.decode()
    assert "Ngày mai sinh hoạt" in mine
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert 'class="mt-badge"' not in c.get(reverse("organizations:tree")).content.decode()
