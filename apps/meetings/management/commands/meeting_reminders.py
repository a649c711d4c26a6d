from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from apps.meetings.tasks import remind_tomorrow


class Command(BaseCommand):
    help = "Enqueue the reminders of tomorrow's meetings (run daily from cron or a timer)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = remind_tomorrow.enqueue()
        self.stdout.write(f"enqueued {result.id}")
