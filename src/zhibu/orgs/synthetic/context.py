"""What every app's hook works with: the `SyntheticContext`, and the superior bodies universities hang under."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from zhibu.core.progress import Progress

from .. import services
from ..models import Org

# --- the superior bodies shared by the demo and generated data ---------------------------------

MUNICIPAL_CODE = "M-ZZB"
EDUCATION_CODE = "M-JYGW"


def ensure_superiors() -> Org:
    """市委组织部 › 市委教育工委, created through the services when missing; returns 市委教育工委."""
    municipal = Org.objects.filter(code=MUNICIPAL_CODE).first() or services.org_create(
        by=None, parent=None, name="市委组织部", code=MUNICIPAL_CODE,
        kind=Org.Kind.SUPERIOR, category=Org.Category.GOVERNMENT, sort_order=1,
    )
    education = Org.objects.filter(code=EDUCATION_CODE).first() or services.org_create(
        by=None, parent=municipal, name="市委教育工委", short_name="教育工委", code=EDUCATION_CODE,
        kind=Org.Kind.SUPERIOR, category=Org.Category.GOVERNMENT, sort_order=1,
    )
    return education


# --- the context handed to every app's hook ---------------------------------------------------------


@dataclass
class SyntheticContext:
    universities: int
    branches_per_university: int
    members_per_branch: int
    seed: int
    parent: Org
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))
    batch_size: int = 1000
    today: dt.date = field(default_factory=timezone.localdate)
    # Filled by the orgs hook, read by later ones.
    university_orgs: list[Org] = field(default_factory=list)
    schools: list[Org] = field(default_factory=list)
    branches: list[Org] = field(default_factory=list)
    groups: list[Org] = field(default_factory=list)
    branch_members: dict[int, list[int]] = field(default_factory=dict)
    branch_secretary: dict[int, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def rng(self, *labels: object) -> random.Random:
        """A generator of its own for each label path: deterministic for the seed, independent of the others."""
        return random.Random("/".join([str(self.seed), *map(str, labels)]))

    def count(self, what: str, n: int) -> None:
        self.counts[what] = self.counts.get(what, 0) + n
