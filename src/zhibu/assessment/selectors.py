"""Reads of deeds, points and appraisals, always through the acting user's scope.

Two kinds of sight: a user with a role other than 党员 at or above a branch (secretary, committee member,
org admin, reviewer, viewer) oversees the branch's deeds and points; a user whose only role there is
党员 sees their own deeds and ledger and the branch's appraisals. Outside the scope a row does not exist
(404); a member asking for a branch-wide page gets 403; another member's ledger is a 404 to them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from zhibu.core.paths import SEGMENT, Scope, subtree_q
from zhibu.orgs.models import Member, Org, Role
from zhibu.orgs.selectors import org_get_for_user, scope_for_user, user_roles

from .models import (
    AppraisalResult,
    AppraisalSelf,
    AppraisalVoter,
    BadgePledge,
    Deed,
    DeedSyncRun,
    Grade,
    MemberAppraisal,
)

_OVERSIGHT_ATTR = "_zhibu_assessment_oversight"


def oversight_scope(user) -> Scope:
    """The subtrees where the user holds a role other than 党员 (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, _OVERSIGHT_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True)
    else:
        scope = Scope.of(paths=[r.org.path for r in user_roles(user) if r.kind != Role.Kind.MEMBER])
    setattr(user, _OVERSIGHT_ATTR, scope)
    return scope


def oversees(user, path: str) -> bool:
    return oversight_scope(user).contains(path)


def member_for_user(user) -> Member | None:
    """The member record linked to the user's login, with its branch."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.select_related("org", "user").filter(user=user).first()


def org_for_oversight(*, user, code: str) -> Org:
    """The org, 404 outside the scope, 403 where the user is only a member."""
    org = org_get_for_user(user=user, code=code)
    if not oversees(user, org.path):
        raise PermissionDenied("党员只能查看本人的实事和积分")
    return org


def managed_branches(*, user, limit: int = 20) -> list[Org]:
    """Branches the user oversees, for the index page's list (subtree roots' branches first)."""
    scope = oversight_scope(user)
    if scope.is_empty:
        return []
    return list(Org.objects.filter(scope.q("path"), kind=Org.Kind.BRANCH).order_by("path")[:limit])


# --- deeds ----------------------------------------------------------------------------------------


def deed_visible_q(user) -> Q:
    scope = oversight_scope(user)
    own = Q(member__user_id=user.pk) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    return own | scope.q("org_path") if not scope.is_empty else own


def deed_list_for_user(*, user, org: Org | None = None, status: str | None = None, year: int | None = None,
                       member: Member | None = None, category: str | None = None) -> QuerySet[Deed]:
    qs = Deed.objects.filter(deed_visible_q(user))
    if org is not None:
        qs = qs.filter(subtree_q("org_path", org.path))
    if member is not None:
        qs = qs.filter(member=member)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(date__year=year)
    return qs.select_related("member", "org").order_by("-date", "-id")


def deed_get_for_user(*, user, deed_id: int) -> Deed:
    deed = Deed.objects.filter(deed_visible_q(user), pk=deed_id).select_related(
        "member", "org", "created_by", "confirmed_by").first()
    if deed is None:
        raise Http404("没有找到该实事")
    return deed


def deed_summary(*, org: Org, year: int) -> dict:
    """Counts for a subtree's year: deeds by status and category, hours and beneficiaries. Two queries."""
    qs = Deed.objects.filter(subtree_q("org_path", org.path), date__year=year)
    by_status = {r["status"]: r for r in qs.values("status").annotate(
        n=Count("id"), h=Sum("hours"), b=Sum("beneficiaries")).order_by()}
    confirmed = by_status.get(Deed.Status.CONFIRMED, {})
    by_category = {r["category"]: r["n"] for r in qs.filter(status=Deed.Status.CONFIRMED).values("category")
                   .annotate(n=Count("id")).order_by()}
    return {
        "confirmed": confirmed.get("n", 0), "pending": by_status.get(Deed.Status.PENDING, {}).get("n", 0),
        "hours": confirmed.get("h") or 0, "beneficiaries": confirmed.get("b") or 0,
        "categories": [{"code": c, "label": label, "n": by_category.get(c, 0)} for c, label in Deed.Category.choices],
    }


def last_sync(*, org: Org) -> DeedSyncRun | None:
    """The latest sync that covered the org: of the org itself or of a body above it."""
    prefixes = [org.path[:end] for end in range(SEGMENT, len(org.path) + 1, SEGMENT)]
    return DeedSyncRun.objects.filter(org_path__in=prefixes).select_related("by").first()


def pledged(*, member: Member, year: int) -> bool:
    return BadgePledge.objects.filter(member=member, year=year).exists()


def pledge_count(*, org: Org, year: int) -> int:
    return BadgePledge.objects.filter(subtree_q("org_path", org.path), year=year).count()


# --- ledgers --------------------------------------------------------------------------------------


def ledger_member_get_for_user(*, user, member_id: int) -> Member:
    """The member whose ledger the user may read: themself, or anyone in a branch they oversee."""
    member = Member.objects.select_related("org", "group").filter(pk=member_id).first()
    if member is None or not scope_for_user(user).contains(member.org_path):
        raise Http404("没有找到该党员")
    if member.user_id != user.pk and not oversees(user, member.org_path):
        raise Http404("没有找到该党员")
    return member


# --- appraisals -----------------------------------------------------------------------------------


def appraisal_list_for_user(*, user, org: Org | None = None, year: int | None = None) -> QuerySet[MemberAppraisal]:
    qs = MemberAppraisal.objects.filter(scope_for_user(user).q("org_path"))
    if org is not None:
        qs = qs.filter(subtree_q("org_path", org.path))
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("org").annotate(
        voted=Count("voters", distinct=True)).order_by("-year", "org_path")


def appraisal_get_for_user(*, user, appraisal_id: int) -> MemberAppraisal:
    a = MemberAppraisal.objects.select_related("org", "decided_by", "opened_by").filter(pk=appraisal_id).first()
    if a is None or not scope_for_user(user).contains(a.org_path):
        raise Http404("没有找到该评议")
    return a


def appraisal_candidates(*, appraisal: MemberAppraisal) -> list[Member]:
    return list(Member.all_objects.filter(pk__in=appraisal.tallies.values("candidate_id")).order_by("name", "id"))


def appraisal_voted_count(*, appraisal: MemberAppraisal) -> int:
    return AppraisalVoter.objects.filter(appraisal=appraisal).count()


def has_voted(*, appraisal: MemberAppraisal, member: Member | None) -> bool:
    return member is not None and AppraisalVoter.objects.filter(appraisal=appraisal, member=member).exists()


def self_assessments(*, appraisal: MemberAppraisal) -> dict[int, str]:
    return dict(AppraisalSelf.objects.filter(appraisal=appraisal).values_list("member_id", "text"))


def appraisal_results(*, appraisal: MemberAppraisal) -> list[AppraisalResult]:
    return list(appraisal.results.select_related("member").order_by("member__name", "member_id"))


def appraisal_board(*, appraisal: MemberAppraisal) -> list[dict]:
    """One row per candidate: name, self-assessment; once closed also votes by grade and the year's points;
    once decided the grade. A fixed number of queries."""
    from .points import points_totals
    from .services_appraisal import tallies

    candidates = appraisal_candidates(appraisal=appraisal)
    texts = self_assessments(appraisal=appraisal)
    rows = [{"member": m, "name": m.name, "self": texts.get(m.pk, ""), "votes": {}, "points": None, "grade": "",
             "grade_label": ""} for m in candidates]
    if not appraisal.results_visible:
        return rows
    if appraisal.status == MemberAppraisal.Status.DECIDED:
        decided = {r.member_id: r for r in appraisal.results.all()}
        for row in rows:
            r = decided.get(row["member"].pk)
            if r is not None:
                row.update(votes=r.votes, points=r.points, grade=r.grade, grade_label=r.get_grade_display())
        return _with_vote_list(rows)
    votes = tallies(appraisal)
    totals = {p.member_id: p.total for p in points_totals(under=appraisal.org_path, year=appraisal.year)}
    for row in rows:
        row.update(votes=votes.get(row["member"].pk, {}), points=totals.get(row["member"].pk, 0))
    return _with_vote_list(rows)


def _with_vote_list(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["vote_list"] = [row["votes"].get(g, 0) for g in Grade.values]
    return rows
