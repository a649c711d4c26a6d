"""What each role may do. A role is assigned on an organization and holds for its subtree."""

from __future__ import annotations

from apps.accounts.choices import Role

ORG_VIEW = "organizations.view"
ORG_CHANGE = "organizations.change"
MEMBER_VIEW = "members.view"
MEMBER_CHANGE = "members.change"
MEMBER_IMPORT = "members.import"
AUDIT_VIEW = "audit.view"
TARGET_VIEW = "targets.view"
TARGET_CHANGE = "targets.change"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OFFICE_CLERK: frozenset({ORG_VIEW, ORG_CHANGE, MEMBER_VIEW, MEMBER_CHANGE, MEMBER_IMPORT, AUDIT_VIEW, TARGET_VIEW, TARGET_CHANGE}),
    Role.ORGANIZATION_BOARD: frozenset({ORG_VIEW, ORG_CHANGE, MEMBER_VIEW, MEMBER_CHANGE, MEMBER_IMPORT, AUDIT_VIEW, TARGET_VIEW}),
    Role.INSPECTION: frozenset({ORG_VIEW, MEMBER_VIEW, AUDIT_VIEW, TARGET_VIEW}),
    Role.PROPAGANDA: frozenset({ORG_VIEW, MEMBER_VIEW, TARGET_VIEW}),
    Role.CELL_SECRETARY: frozenset({ORG_VIEW, MEMBER_VIEW, MEMBER_CHANGE, TARGET_VIEW}),
    Role.LEADER: frozenset({ORG_VIEW, MEMBER_VIEW, AUDIT_VIEW, TARGET_VIEW, TARGET_CHANGE}),
    # A member sees their own organization and, through the members app, their own record only.
    Role.MEMBER: frozenset({ORG_VIEW}),
}

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def roles_with(perm: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
