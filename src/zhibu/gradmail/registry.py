"""What 毕业寄 offers the apps above it, through core's registries (registered in `GradmailConfig.ready()`).

- metrics `gradmail.registrations` (registrations filed, by the graduate's organisation, dated by the day
  registered), `gradmail.parcels` (parcels handed to the courier or delivered, by the day handed over) and
  `gradmail.volunteer_hours` (members' shift hours, by the member's branch, dated by the shift);
- the deed source `gradmail.shift`: a member's shift as a practical deed (为群众办实事), its hours, and as
  beneficiaries the registrations packed in that shift;
- the evidence source `gradmail_campaign`: campaigns an organisation ran or its members volunteered in.

Every function aggregates in SQL in a bounded number of queries, whatever the subtree's size.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse

from zhibu.core import deedsources, evidence, metrics
from zhibu.core.paths import subtree_q

from .models import Campaign, Parcel, Registration, Signup

# --- metrics --------------------------------------------------------------------------------------


def registrations_values(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    rows = (Registration.objects.filter(subtree_q("org_path", under), registered_on__range=(start, end))
            .values("org_id").annotate(n=Count("id")).order_by())
    return {r["org_id"]: r["n"] for r in rows}


def parcels_values(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    rows = (Parcel.objects.filter(subtree_q("org_path", under), status__in=Parcel.SENT,
                                  handed_on__range=(start, end))
            .values("org_id").annotate(n=Count("id")).order_by())
    return {r["org_id"]: r["n"] for r in rows}


def _member_signups(under: str, start: dt.date, end: dt.date):
    return Signup.objects.filter(subtree_q("org_path", under), member__isnull=False, shift__deleted_at__isnull=True,
                                 shift__date__range=(start, end))


def volunteer_hours_values(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    rows = _member_signups(under, start, end).values("org_id").annotate(h=Sum("hours")).order_by()
    return {r["org_id"]: float(r["h"] or 0) for r in rows}


def _records_url(*, org, start, end) -> str:
    return reverse("gradmail:index") + f"?org={org.code}"


# --- deeds ----------------------------------------------------------------------------------------


def shift_deed_rows(*, under: str, start: dt.date, end: dt.date) -> list[deedsources.DeedRow]:
    """Members' shifts in the subtree: two queries (the signups, the registrations packed per shift)."""
    signups = list(_member_signups(under, start, end).select_related("shift", "shift__campaign").order_by("id"))
    shift_ids = {s.shift_id for s in signups}
    packed = dict(Parcel.objects.filter(packed_shift_id__in=shift_ids).values("packed_shift_id")
                  .annotate(n=Count("registration_id", distinct=True)).order_by()
                  .values_list("packed_shift_id", "n")) if shift_ids else {}
    rows = []
    for s in signups:
        n = packed.get(s.shift_id, 0)
        rows.append(deedsources.DeedRow(
            source_id=s.pk, member_id=s.member_id, org_id=s.org_id, date=s.shift.date,
            title=f"毕业寄志愿服务：{s.shift.campaign.title}（{s.shift}）", hours=Decimal(s.hours),
            beneficiaries=n, beneficiary_note=f"本班次为{n}名毕业生打包行李" if n else "",
            url=reverse("gradmail:shift_detail", args=[s.shift_id]),
        ))
    return rows


# --- evidence -------------------------------------------------------------------------------------


def campaign_records(org_path: str, *, ids=None, q: str = "", limit: int = 200) -> list[evidence.EvidenceRecord]:
    """Campaigns the organisation ran, or in which its members volunteered: four queries."""
    helped = Signup.objects.filter(subtree_q("org_path", org_path)).values("shift__campaign_id")
    qs = Campaign.objects.filter(subtree_q("org_path", org_path) | Q(pk__in=helped))
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if q:
        qs = qs.filter(title__contains=q)
    campaigns = list(qs.order_by("-starts_on", "-id")[:limit])
    found = [c.pk for c in campaigns]
    own = {r["shift__campaign_id"]: r for r in Signup.objects.filter(
        subtree_q("org_path", org_path), shift__campaign_id__in=found).values("shift__campaign_id")
        .annotate(n=Count("id"), h=Sum("hours")).order_by()}
    regs = dict(Registration.objects.filter(campaign_id__in=found).values("campaign_id").annotate(n=Count("id"))
                .order_by().values_list("campaign_id", "n"))
    sent = dict(Parcel.objects.filter(campaign_id__in=found, status__in=Parcel.SENT).values("campaign_id")
                .annotate(n=Count("id")).order_by().values_list("campaign_id", "n"))
    records = []
    for c in campaigns:
        mine = own.get(c.pk)
        helped_text = f"；本组织志愿服务{mine['n']}人次、{mine['h'] or 0}小时" if mine else ""
        records.append(evidence.EvidenceRecord(
            kind="gradmail_campaign", id=c.pk, date=c.starts_on, title=c.title,
            summary=f"登记{regs.get(c.pk, 0)}名毕业生，寄出{sent.get(c.pk, 0)}件{helped_text}",
            url=c.get_absolute_url(),
        ))
    return records


def register() -> None:
    metrics.register(metrics.Metric(code="gradmail.registrations", label="毕业寄登记", unit="份",
                                    values=registrations_values, records_url=_records_url))
    metrics.register(metrics.Metric(code="gradmail.parcels", label="毕业寄寄出包裹", unit="件",
                                    values=parcels_values, records_url=_records_url))
    metrics.register(metrics.Metric(code="gradmail.volunteer_hours", label="毕业寄志愿服务时长", unit="小时",
                                    values=volunteer_hours_values, records_url=_records_url))
    deedsources.register(deedsources.DeedSource(kind="gradmail.shift", label="毕业寄志愿服务", category="gradmail",
                                                rows=shift_deed_rows))
    evidence.register(evidence.Source(kind="gradmail_campaign", label="毕业寄", records=campaign_records))
