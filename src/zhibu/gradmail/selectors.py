"""Reads of 毕业寄 records, always through the acting user's scope.

A campaign is visible inside its organisation's subtree and to the bodies above it (a branch secretary
sees the school's June campaign, to send volunteers to it). A registration and its parcels are visible
where the graduate's organisation is in scope, and to the graduate themself. Outside that a row does not
exist (404).

Addresses and phones are personal data: shown in full only to those who handle the registration — users
with a full role over the graduate's organisation or over the campaign, volunteers signed up for the
registration's shift, and the graduate themself. Everyone else sees them masked.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.http import Http404

from zhibu.careers import selectors as careers_selectors
from zhibu.core.paths import SEGMENT, Scope
from zhibu.core.personal import mask_phone
from zhibu.orgs.selectors import can_manage, scope_for_user

from .models import AssignmentRun, Campaign, Parcel, Registration, Shift, Signup

# --- masking --------------------------------------------------------------------------------------


def mask_address(value: str) -> str:
    """`北京市海淀区学院路37号院5号楼` → `北京市海淀区**********`: the city stays, where in it does not."""
    if not value:
        return ""
    keep = min(6, max(len(value) // 3, 2))
    return value[:keep] + "*" * min(len(value) - keep, 10)


def _ancestor_paths(scope: Scope) -> list[str]:
    found = set()
    for p in scope.paths:
        for end in range(SEGMENT, len(p), SEGMENT):
            found.add(p[:end])
    return sorted(found)


# --- campaigns ------------------------------------------------------------------------------------


def campaign_visible_q(scope: Scope) -> Q:
    if scope.everything:
        return Q()
    if scope.is_empty:
        return Q(pk__in=[])
    return scope.q("org_path") | Q(org_path__in=_ancestor_paths(scope))


def campaign_list_for_user(*, user, year: int | None = None) -> QuerySet[Campaign]:
    qs = Campaign.objects.filter(campaign_visible_q(scope_for_user(user)))
    graduate = careers_selectors.graduate_for_login(user)
    if graduate is not None:
        qs = Campaign.objects.filter(campaign_visible_q(scope_for_user(user))
                                     | Q(org_path__in=[graduate.org_path[:end] for end in
                                                       range(SEGMENT, len(graduate.org_path) + 1, SEGMENT)]))
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("org").annotate(
        registration_count=Count("registrations", filter=Q(registrations__deleted_at__isnull=True), distinct=True),
        shift_count=Count("shifts", filter=Q(shifts__deleted_at__isnull=True), distinct=True),
    ).order_by("-year", "org_path", "id")


def campaign_visible_to(user, campaign: Campaign) -> bool:
    scope = scope_for_user(user)
    if scope.contains(campaign.org_path) or campaign.org_path in _ancestor_paths(scope):
        return True
    graduate = careers_selectors.graduate_for_login(user)
    return graduate is not None and graduate.org_path.startswith(campaign.org_path)


def campaign_get_for_user(*, user, campaign_id: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=campaign_id).select_related("org").first()
    if campaign is None or not campaign_visible_to(user, campaign):
        raise Http404("没有找到该毕业寄工作")
    return campaign


def can_manage_campaign(user, campaign: Campaign) -> bool:
    return can_manage(user, campaign.org_path)


def member_of(user):
    """The member record of the user's login, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.member
    except Exception:  # RelatedObjectDoesNotExist: the login has no member record
        return None


def volunteer_shift_ids(user, campaign: Campaign) -> set[int]:
    """The shifts of `campaign` the user's member record is signed up for: one query."""
    member = member_of(user)
    if member is None:
        return set()
    return set(Signup.objects.filter(member=member, shift__campaign=campaign).values_list("shift_id", flat=True))


def can_handle_campaign(user, campaign: Campaign) -> bool:
    """Managers of the campaign and its volunteers (the courier desk) may update parcels."""
    return can_manage_campaign(user, campaign) or bool(volunteer_shift_ids(user, campaign))


def campaign_stats(*, campaign: Campaign) -> dict:
    """Registrations and parcels by status, and the estimated parcel total: two queries."""
    regs = {s: 0 for s in Registration.Status.values}
    estimated = 0
    for row in (Registration.objects.filter(campaign=campaign).values("status")
                .annotate(n=Count("id"), parcels=Sum("parcels_estimated")).order_by()):
        regs[row["status"]] = row["n"]
        estimated += row["parcels"] or 0
    parcels = {s: 0 for s in Parcel.Status.values}
    for row in Parcel.objects.filter(campaign=campaign).values("status").annotate(n=Count("id")).order_by():
        parcels[row["status"]] = row["n"]
    return {
        "registrations": [(s, Registration.Status(s).label, regs[s]) for s in Registration.Status.values],
        "registration_total": sum(regs.values()),
        "unassigned": regs["registered"],
        "parcels": [(s, Parcel.Status(s).label, parcels[s]) for s in Parcel.Status.values],
        "parcel_total": sum(parcels.values()),
        "parcels_estimated": estimated,
    }


def last_run(*, campaign: Campaign) -> AssignmentRun | None:
    return campaign.assignment_runs.select_related("by").first()


# --- shifts ---------------------------------------------------------------------------------------


def shift_list(*, campaign: Campaign, building: str | None = None, date=None) -> QuerySet[Shift]:
    """The campaign's shifts with how many volunteers signed up and registrations were assigned."""
    qs = Shift.objects.filter(campaign=campaign)
    if building:
        qs = qs.filter(building=building)
    if date:
        qs = qs.filter(date=date)
    return qs.annotate(
        signup_count=Count("signups", distinct=True),
        assigned_count=Count("registrations", filter=Q(registrations__deleted_at__isnull=True), distinct=True),
    ).order_by("date", "slot", "building", "id")


def shift_get_for_user(*, user, shift_id: int) -> Shift:
    shift = Shift.objects.filter(pk=shift_id).select_related("campaign", "campaign__org").first()
    if shift is None or not campaign_visible_to(user, shift.campaign):
        raise Http404("没有找到该班次")
    return shift


def campaign_buildings(*, campaign: Campaign) -> list[str]:
    return list(Shift.objects.filter(campaign=campaign).values_list("building", flat=True)
                .distinct().order_by("building"))


def shift_signups(*, shift: Shift) -> list[Signup]:
    return list(shift.signups.select_related("member").order_by("id"))


def signups_for_shifts(shift_ids) -> dict[int, list[Signup]]:
    found: dict[int, list[Signup]] = {}
    for s in Signup.objects.filter(shift_id__in=list(shift_ids)).order_by("id"):
        found.setdefault(s.shift_id, []).append(s)
    return found


# --- registrations --------------------------------------------------------------------------------


def registration_visible_q(user) -> Q:
    scope = scope_for_user(user)
    q = scope.q("org_path") if not scope.is_empty else Q(pk__in=[])
    if getattr(user, "is_authenticated", False):
        q |= Q(graduate__user=user)
    return q


def _registration_visible_to(user, reg: Registration) -> bool:
    if scope_for_user(user).contains(reg.org_path):
        return True
    if getattr(user, "pk", None) is not None and reg.graduate.user_id == user.pk:
        return True
    return can_handle_campaign(user, reg.campaign)


def registration_list_for_user(*, user, campaign: Campaign | None = None, status: str | None = None,
                               building: str | None = None, shift_id: int | None = None,
                               q: str | None = None) -> QuerySet[Registration]:
    if campaign is not None and can_handle_campaign(user, campaign):
        qs = Registration.objects.filter(campaign=campaign)
    else:
        qs = Registration.objects.filter(registration_visible_q(user))
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if status:
        qs = qs.filter(status=status)
    if building:
        qs = qs.filter(building=building)
    if shift_id:
        qs = qs.filter(shift_id=shift_id)
    if q:
        q = q.strip()
        qs = qs.filter(Q(graduate__name__contains=q) | Q(graduate__student_number=q) | Q(room=q))
    return qs.select_related("graduate", "shift", "campaign").order_by("building", "room", "id")


def registration_get_for_user(*, user, registration_id: int) -> Registration:
    reg = (Registration.objects.filter(pk=registration_id)
           .select_related("graduate", "shift", "campaign", "campaign__org", "org").first())
    if reg is None or not _registration_visible_to(user, reg):
        raise Http404("没有找到该登记")
    return reg


def with_personal(user, rows, *, campaign: Campaign | None = None):
    """Set `phone_display` and `address_display` on registrations: unmasked for those handling them.

    One query at most (the user's volunteer shifts), whatever the number of rows.
    """
    scope = scope_for_user(user)
    campaign_full = campaign is not None and scope.grants_full(campaign.org_path)
    shifts: set[int] | None = None
    uid = getattr(user, "pk", None)
    for r in rows:
        full = campaign_full or scope.grants_full(r.org_path) or scope.grants_full(r.campaign.org_path)
        if not full and uid is not None and r.graduate.user_id == uid:
            full = True
        if not full and r.shift_id:
            if shifts is None:
                shifts = volunteer_shift_ids(user, r.campaign)
            full = r.shift_id in shifts
        r.personal_open = full
        r.phone_display = r.phone if full else mask_phone(r.phone)
        r.address_display = r.address if full else mask_address(r.address)
    return rows


def registration_parcels(*, registration: Registration) -> list[Parcel]:
    return list(registration.parcels.select_related("packed_shift").order_by("seq", "id"))


def my_registrations(*, user) -> list[Registration]:
    """The logged-in graduate's own registrations with their parcels: two queries."""
    graduate = careers_selectors.graduate_for_login(user)
    if graduate is None:
        return []
    regs = list(Registration.objects.filter(graduate=graduate).select_related("campaign", "shift", "graduate")
                .prefetch_related("parcels").order_by("-campaign__year", "id"))
    return with_personal(user, regs)


# --- parcels --------------------------------------------------------------------------------------


def parcel_list_for_user(*, user, campaign: Campaign | None = None, status: str | None = None,
                         courier: str | None = None, building: str | None = None,
                         q: str | None = None) -> QuerySet[Parcel]:
    if campaign is not None and can_handle_campaign(user, campaign):
        qs = Parcel.objects.filter(campaign=campaign)
    else:
        qs = Parcel.objects.filter(registration__in=Registration.objects.filter(registration_visible_q(user))
                                   .values("pk"))
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if status:
        qs = qs.filter(status=status)
    if courier:
        qs = qs.filter(courier=courier)
    if building:
        qs = qs.filter(registration__building=building)
    if q:
        q = q.strip()
        qs = qs.filter(Q(tracking_number=q.upper()) | Q(registration__graduate__student_number=q)
                       | Q(registration__graduate__name__contains=q) | Q(registration__room=q))
    return qs.select_related("registration", "registration__graduate", "registration__campaign").order_by(
        "registration__building", "registration__room", "seq", "id")


def parcel_get_for_user(*, user, parcel_id: int) -> Parcel:
    parcel = (Parcel.objects.filter(pk=parcel_id)
              .select_related("registration", "registration__graduate", "registration__campaign", "campaign").first())
    if parcel is None or not _registration_visible_to(user, parcel.registration):
        raise Http404("没有找到该包裹")
    return parcel


def pickup_rows(*, campaign: Campaign, courier: str | None = None) -> QuerySet[Parcel]:
    """Parcels packed and waiting for the courier (for the pickup list)."""
    qs = Parcel.objects.filter(campaign=campaign, status=Parcel.Status.PACKED)
    if courier:
        qs = qs.filter(courier=courier)
    return qs.select_related("registration", "registration__graduate").order_by(
        "registration__building", "registration__room", "seq", "id")


def personal_open(user, reg: Registration) -> bool:
    """Whether `user` handles `reg` (see the module's docstring); volunteer shifts cached on the user object."""
    scope = scope_for_user(user)
    if scope.grants_full(reg.org_path) or scope.grants_full(reg.campaign.org_path):
        return True
    if getattr(user, "pk", None) is not None and reg.graduate.user_id == user.pk:
        return True
    if not reg.shift_id:
        return False
    cache = getattr(user, "_gradmail_volunteer", None)
    if cache is None:
        cache = {}
        user._gradmail_volunteer = cache
    if reg.campaign_id not in cache:
        cache[reg.campaign_id] = volunteer_shift_ids(user, reg.campaign)
    return reg.shift_id in cache[reg.campaign_id]


# --- a graduate's own login; soft-deleted rows ----------------------------------------------------

is_graduate_only = careers_selectors.is_graduate_only


def campaigns_for_graduate(*, user) -> QuerySet[Campaign]:
    """What a graduate's own login may list: campaigns they registered in, and those open to their class."""
    graduate = careers_selectors.graduate_for_login(user)
    if graduate is None:
        return Campaign.objects.none()
    year = graduate.graduation_date.year if graduate.graduation_date else graduate.class_year
    above = [graduate.org_path[:end] for end in range(SEGMENT, len(graduate.org_path) + 1, SEGMENT)]
    mine = Registration.objects.filter(graduate=graduate).values("campaign_id")
    return (Campaign.objects.filter(Q(pk__in=mine) | Q(org_path__in=above, year=year)).select_related("org")
            .annotate(registration_count=Count("registrations", filter=Q(registrations__graduate=graduate,
                                                                         registrations__deleted_at__isnull=True)),
                      shift_count=Value(0))
            .order_by("-year", "org_path", "id"))


def campaign_deleted(*, campaign: Campaign, limit: int = 50) -> dict[str, list]:
    """The campaign's withdrawn registrations and deleted shifts, most recent first: two queries."""
    return {
        "registrations": list(Registration.all_objects.filter(campaign=campaign, deleted_at__isnull=False)
                              .select_related("graduate", "deleted_by").order_by("-deleted_at")[:limit]),
        "shifts": list(Shift.all_objects.filter(campaign=campaign, deleted_at__isnull=False)
                       .select_related("deleted_by").order_by("-deleted_at")[:limit]),
    }


def deleted_registration_get(*, user, registration_id: int) -> Registration:
    reg = (Registration.all_objects.filter(pk=registration_id, deleted_at__isnull=False)
           .select_related("graduate", "campaign").first())
    if reg is None or not (scope_for_user(user).contains(reg.org_path) or campaign_visible_to(user, reg.campaign)):
        raise Http404("没有找到该登记")
    return reg


def deleted_shift_get(*, user, shift_id: int) -> Shift:
    shift = Shift.all_objects.filter(pk=shift_id, deleted_at__isnull=False).select_related("campaign").first()
    if shift is None or not campaign_visible_to(user, shift.campaign):
        raise Http404("没有找到该班次")
    return shift
