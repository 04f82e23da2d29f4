"""Careers records that count as members' practical deeds (办实事), offered through `zhibu.core.deedsources`.

- `careers.visit`: each member who went on an enterprise visit; beneficiaries = the jobs the employer promised.
  `source_id` is the visitor row's id (one per member and visit).
- `careers.last_mile`: a helper whose graduate became placed (去向落实), dated on the placement;
  `source_id` is the graduate's id, one beneficiary.
"""

import datetime as dt

from django.urls import reverse

from zhibu.core import deedsources
from zhibu.core.paths import subtree_q

from .models import Graduate, VisitVisitor


def visit_rows(*, under: str, start: dt.date, end: dt.date) -> list[deedsources.DeedRow]:
    qs = (VisitVisitor.objects.filter(subtree_q("member__org_path", under), visit__deleted_at__isnull=True,
                                      member__deleted_at__isnull=True,
                                      visit__visited_on__gte=start, visit__visited_on__lte=end)
          .values_list("id", "member_id", "member__org_id", "visit_id", "visit__visited_on",
                       "visit__employer__unit__name", "visit__jobs_promised")
          .order_by("visit__visited_on", "id"))
    return [
        deedsources.DeedRow(
            source_id=vid, member_id=member_id, org_id=org_id, date=day, title=f"访企拓岗：走访{employer}",
            beneficiaries=jobs, beneficiary_note=f"对方承诺岗位{jobs}个" if jobs else "",
            url=reverse("careers:visit_detail", args=[visit_id]),
        )
        for vid, member_id, org_id, visit_id, day, employer, jobs in qs
    ]


def last_mile_rows(*, under: str, start: dt.date, end: dt.date) -> list[deedsources.DeedRow]:
    qs = (Graduate.objects.filter(subtree_q("helper__org_path", under), helper__deleted_at__isnull=True,
                                  status__in=Graduate.PLACED, placed_on__gte=start, placed_on__lte=end)
          .values_list("id", "helper_id", "helper__org_id", "placed_on", "name", "status")
          .order_by("placed_on", "id"))
    labels = dict(Graduate.Status.choices)
    return [
        deedsources.DeedRow(
            source_id=gid, member_id=helper_id, org_id=org_id, date=day,
            title=f"就业帮扶：{name}{labels[status]}", beneficiaries=1, beneficiary_note=f"毕业生{name}",
            url=reverse("careers:graduate_detail", args=[gid]),
        )
        for gid, helper_id, org_id, day, name, status in qs
    ]


def register() -> None:
    deedsources.register(deedsources.DeedSource(kind="careers.visit", label="访企拓岗", category="employment",
                                                rows=visit_rows))
    deedsources.register(deedsources.DeedSource(kind="careers.last_mile", label="就业帮扶“最后一公里”",
                                                category="employment", rows=last_mile_rows))
