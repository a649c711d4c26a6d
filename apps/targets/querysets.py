from __future__ import annotations

from typing import TYPE_CHECKING

from apps.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from apps.targets.models import Congress, Measurement, Resolution, Target, Term  # noqa: F401


class TermQuerySet(ScopedQuerySet["Term"]):
    scope_field = "organization"


class CongressQuerySet(ScopedQuerySet["Congress"]):
    scope_field = "term__organization"


class ResolutionQuerySet(ScopedQuerySet["Resolution"]):
    scope_field = "term__organization"


class TargetQuerySet(ScopedQuerySet["Target"]):
    scope_field = "resolution__term__organization"


class MeasurementQuerySet(ScopedQuerySet["Measurement"]):
    scope_field = "target__resolution__term__organization"

    def current(self) -> MeasurementQuerySet:
        return self.filter(withdrawn_at__isnull=True)
