from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "apps.members"
    label = "members"
    verbose_name = "Đảng viên"

    def ready(self) -> None:
        from apps.members.hooks import MembershipHooksImpl
        from apps.organizations import hooks

        hooks.register_membership(MembershipHooksImpl())
