"""``manage.py create_api_token USERNAME --name NAME``: issue a bearer token for the JSON API.

The raw token is printed once and never stored (only its hash is); keep it like a password.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from apps.accounts.services import api_token_create
from apps.core import context


class Command(BaseCommand):
    help = "Tạo khóa API cho một người dùng; khóa chỉ hiện một lần. / Create an API token; it is shown once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for (e.g. 'đồng bộ CSDL quốc gia')")
        parser.add_argument("--expires-days", type=int, default=None, help="Expire after this many days (never by default)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user named {options['username']!r}.")
        name = options["name"].strip()
        if not name:
            raise CommandError("--name must not be empty.")
        days = options["expires_days"]
        if days is not None and days <= 0:
            raise CommandError("--expires-days must be positive.")
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        with context.action_context("command"):
            token, raw = api_token_create(actor="manage.py create_api_token", user=user, name=name[:100], expires_at=expires_at)
        self.stderr.write(f"Token {token.prefix}… for {user.get_username()} ({token.name}); it will not be shown again:")
        self.stdout.write(raw)
