"""Print the demo users, their passwords and what each one can see (used by bin/demo)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from apps.accounts.choices import Role


class Command(BaseCommand):
    help = "In tài khoản dùng thử (Print the demo logins)."

    def handle(self, *args: Any, **options: Any) -> None:
        from apps.accounts.models import RoleAssignment
        from apps.core.demo.logins import USERS
        from apps.members.models import Person

        users = {u.username: u for u in get_user_model().objects.filter(username__in=[d.username for d in USERS])}
        if not users:
            self.stdout.write("Chưa có tài khoản dùng thử; chạy manage.py demo_data. (No demo users; run manage.py demo_data.)")
            return
        self.stdout.write("Tài khoản dùng thử — mật khẩu chỉ dùng cho bản dùng thử (demo logins — passwords for the demo only):")
        for demo in USERS:
            user = users.get(demo.username)
            if user is None or not user.is_active:
                continue
            self.stdout.write("")
            self.stdout.write(f"  {demo.username:<10} mật khẩu (password): {demo.password}")
            if demo.superuser:
                self.stdout.write(f"  {'':<10} Quản trị hệ thống (superuser)")
            for assignment in RoleAssignment.objects.filter(user=user).select_related("organization"):
                role = Role(assignment.role)
                self.stdout.write(f"  {'':<10} {role.label} ({role.value}) — {assignment.organization.name}")
            person = Person.objects.filter(user=user).first()
            if person is not None:
                self.stdout.write(f"  {'':<10} Hồ sơ đảng viên (member record): {person.full_name}")
            self.stdout.write(f"  {'':<10} Thấy: {demo.sees}")
            self.stdout.write(f"  {'':<10} ({demo.sees_en})")
