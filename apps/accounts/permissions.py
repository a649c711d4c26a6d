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
MEETING_VIEW = "meetings.view"
MEETING_CHANGE = "meetings.change"
STUDY_VIEW = "study.view"
STUDY_CHANGE = "study.change"
RATING_VIEW = "ratings.view"
RATING_PROPOSE = "ratings.propose"  # a cell's proposal for its members
RATING_DECIDE = "ratings.decide"  # the committee's decision
DOCUMENT_VIEW = "documents.view"
DOCUMENT_CHANGE = "documents.change"  # register documents, their links and files
PORTAL_WRITE = "portal.write"  # write and submit articles in the newsroom
PORTAL_PUBLISH = "portal.publish"  # review, publish, schedule and withdraw articles
PORTAL_MODERATE = "portal.moderate"  # approve or reject readers' comments

PARTY_LIFE_VIEW = frozenset({MEETING_VIEW, STUDY_VIEW, RATING_VIEW})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OFFICE_CLERK: frozenset(
        {ORG_VIEW, ORG_CHANGE, MEMBER_VIEW, MEMBER_CHANGE, MEMBER_IMPORT, AUDIT_VIEW, TARGET_VIEW, TARGET_CHANGE}
        | PARTY_LIFE_VIEW
        | {MEETING_CHANGE, STUDY_CHANGE, RATING_PROPOSE, RATING_DECIDE, DOCUMENT_VIEW, DOCUMENT_CHANGE}
    ),
    Role.ORGANIZATION_BOARD: frozenset(
        {ORG_VIEW, ORG_CHANGE, MEMBER_VIEW, MEMBER_CHANGE, MEMBER_IMPORT, AUDIT_VIEW, TARGET_VIEW, RATING_DECIDE}
        | {DOCUMENT_VIEW}
        | PARTY_LIFE_VIEW
    ),
    Role.INSPECTION: frozenset({ORG_VIEW, MEMBER_VIEW, AUDIT_VIEW, TARGET_VIEW, MEETING_VIEW, RATING_VIEW, DOCUMENT_VIEW}),
    Role.PROPAGANDA: frozenset(
        {ORG_VIEW, MEMBER_VIEW, TARGET_VIEW, MEETING_VIEW, STUDY_VIEW, STUDY_CHANGE, DOCUMENT_VIEW, PORTAL_WRITE}
    ),
    Role.CELL_SECRETARY: frozenset(
        {ORG_VIEW, MEMBER_VIEW, MEMBER_CHANGE, TARGET_VIEW, MEETING_CHANGE, STUDY_CHANGE, RATING_PROPOSE, DOCUMENT_VIEW}
        | PARTY_LIFE_VIEW
    ),
    # The Standing Committee: sees everything in its subtree, sets targets and decides ratings; changes no records.
    Role.LEADER: frozenset(
        {ORG_VIEW, MEMBER_VIEW, AUDIT_VIEW, TARGET_VIEW, TARGET_CHANGE, RATING_DECIDE, DOCUMENT_VIEW} | PARTY_LIFE_VIEW
    ),
    # A member sees their own organization and, through the members app, their own record only.
    Role.MEMBER: frozenset({ORG_VIEW, DOCUMENT_VIEW}),
    # The newsroom of the committee's portal: editors write and moderate comments; the editor-in-chief publishes.
    Role.EDITOR: frozenset({ORG_VIEW, DOCUMENT_VIEW, PORTAL_WRITE, PORTAL_MODERATE}),
    Role.EDITOR_IN_CHIEF: frozenset({ORG_VIEW, DOCUMENT_VIEW, PORTAL_WRITE, PORTAL_MODERATE, PORTAL_PUBLISH}),
}

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def roles_with(perm: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
