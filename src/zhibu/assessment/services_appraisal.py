"""The yearly member appraisal (民主评议党员): open the ballot, self-assessments, secret votes, close, decide.

Secrecy: a vote adds its voter to AppraisalVoter and, in the same transaction and one UPDATE, adds 1 to
the chosen counters and 0 to every other counter of the appraisal (see models). It writes no audit entry
and logs nothing. Results (the counters) are read only once the ballot is closed.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from zhibu.core.audit import audit_record
from zhibu.core.models import AuditEntry
from zhibu.orgs.models import Member, Org
from zhibu.orgs.selectors import can_manage

from .models import AppraisalResult, AppraisalSelf, AppraisalTally, AppraisalVoter, Grade, MemberAppraisal
from .points import points_totals
from .services_sync import deeds_sync_year

Status = MemberAppraisal.Status
MIN_CANDIDATES = 2


def _require_manage(by, appraisal_or_org_path: str) -> None:
    if by is not None and not can_manage(by, appraisal_or_org_path):
        raise PermissionDenied("只有本支部书记、支委可以主持民主评议党员")


def _locked(appraisal: MemberAppraisal) -> MemberAppraisal:
    return MemberAppraisal.objects.select_for_update().select_related("org").get(pk=appraisal.pk)


def candidate_ids(appraisal: MemberAppraisal) -> list[int]:
    """The members appraised (the full members when the ballot opened)."""
    return sorted(set(AppraisalTally.objects.filter(appraisal=appraisal).values_list("candidate_id", flat=True)))


def _voter_member(by, appraisal: MemberAppraisal) -> Member:
    member = Member.objects.filter(user_id=getattr(by, "pk", None)).first() if by is not None else None
    if member is None or not AppraisalTally.objects.filter(appraisal=appraisal, candidate=member).exists():
        raise ValidationError("只有参加本次评议的本支部正式党员可以投票和自评", code="not_member")
    return member


@transaction.atomic
def appraisal_open(*, by, org: Org, year: int, share_num: int = 1, share_den: int = 3, note: str = "") -> MemberAppraisal:
    """Open the year's appraisal of a branch: its full members are the candidates and the voters."""
    _require_manage(by, org.path)
    errors: dict[str, list[str]] = {}
    if org.kind != Org.Kind.BRANCH:
        errors["org"] = [f"民主评议党员由党支部组织，“{org.name}”是{org.get_kind_display()}"]
    existing = MemberAppraisal.objects.filter(org=org, year=year).first()
    if existing is not None:
        errors["year"] = [f"“{org.display_name}”{year}年度民主评议党员已经发起（{existing.get_status_display()}），每年只评议一次"]
    if not share_den or share_den < 1 or share_num is None or share_num < 0 or share_num > share_den:
        errors["share_num"] = ["优秀比例应为不超过1的分数，如 1/3"]
    candidates = list(Member.objects.filter(org=org, status=Member.Status.FULL).values_list("id", flat=True))
    if len(candidates) < MIN_CANDIDATES:
        errors.setdefault("org", []).append(f"“{org.display_name}”正式党员不足{MIN_CANDIDATES}名，无法开展互评")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    appraisal = MemberAppraisal.objects.create(
        org=org, org_path=org.path, year=year, status=Status.OPEN, share_num=share_num, share_den=share_den,
        note=(note or "")[:300], opened_at=now, opened_by=by if getattr(by, "is_authenticated", False) else None)
    AppraisalTally.objects.bulk_create([AppraisalTally(appraisal=appraisal, candidate_id=c, grade=g)
                                        for c in sorted(candidates) for g in Grade.values])
    audit_record(actor=by, obj=appraisal, action=AuditEntry.Action.CREATE, org_path=org.path,
                 changes={"status": [None, Status.OPEN], "year": [None, year]},
                 note=f"参评正式党员{len(candidates)}名；优秀比例不超过{appraisal.share_label}")
    return appraisal


@transaction.atomic
def appraisal_self_assess(*, by, appraisal: MemberAppraisal, text: str) -> AppraisalSelf:
    appraisal = _locked(appraisal)
    if appraisal.status != Status.OPEN:
        raise ValidationError("评议投票已结束，不能再修改个人自评")
    member = _voter_member(by, appraisal)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写个人自评"})
    if len(text) > 5000:
        raise ValidationError({"text": f"个人自评不超过5000字（现有{len(text)}字）"})
    row, created = AppraisalSelf.objects.update_or_create(appraisal=appraisal, member=member, defaults={"text": text})
    audit_record(actor=by, obj=appraisal, action=AuditEntry.Action.UPDATE, org_path=appraisal.org_path,
                 changes={"个人自评": [None, member.name]}, note="提交个人自评")
    return row


@transaction.atomic
def appraisal_vote(*, by, appraisal: MemberAppraisal, ballot: Mapping[int, str], voter: Member | None = None) -> None:
    """Cast one secret ballot: a grade for every other candidate. Nothing records who chose what.

    `voter` is for the system only (`by` None: paper ballots entered in bulk, the demo); a user votes as themself.
    """
    appraisal = _locked(appraisal)
    if appraisal.status != Status.OPEN:
        raise ValidationError("投票已结束，不能再投票", code="closed")
    if voter is None or by is not None:
        voter = _voter_member(by, appraisal)
    elif not AppraisalTally.objects.filter(appraisal=appraisal, candidate=voter).exists():
        raise ValidationError("只有参加本次评议的本支部正式党员可以投票和自评", code="not_member")
    if AppraisalVoter.objects.filter(appraisal=appraisal, member=voter).exists():
        raise ValidationError("您已投过票：每名党员只能投一次票", code="voted")
    others = [c for c in candidate_ids(appraisal) if c != voter.pk]
    names = dict(Member.objects.filter(pk__in=others).values_list("id", "name"))
    ballot = {int(k): v for k, v in ballot.items()}
    errors = []
    for c in others:
        if ballot.get(c) not in Grade.values:
            errors.append(f"请为{names.get(c, c)}选择等次（优秀、合格、基本合格或不合格）")
    extra = set(ballot) - set(others)
    if extra:
        errors.append("选票中有不参加本次评议的党员" if extra != {voter.pk} else "不能给自己投票")
    if errors:
        raise ValidationError(errors, code="ballot")
    try:
        with transaction.atomic():
            AppraisalVoter.objects.create(appraisal=appraisal, member=voter)
    except IntegrityError as exc:
        raise ValidationError("您已投过票：每名党员只能投一次票", code="voted") from exc
    chosen = Q(pk__in=[])
    for c in others:
        chosen |= Q(candidate_id=c, grade=ballot[c])
    # Every counter of the appraisal is written, so that no row's version tells what this ballot chose.
    AppraisalTally.objects.filter(appraisal=appraisal).update(
        count=F("count") + Case(When(chosen, then=Value(1)), default=Value(0)))


@transaction.atomic
def appraisal_close(*, by, appraisal: MemberAppraisal) -> MemberAppraisal:
    appraisal = _locked(appraisal)
    _require_manage(by, appraisal.org_path)
    if appraisal.status != Status.OPEN:
        raise ValidationError(f"评议当前为“{appraisal.get_status_display()}”，不能结束投票")
    voted = AppraisalVoter.objects.filter(appraisal=appraisal).count()
    appraisal.status, appraisal.closed_at = Status.CLOSED, timezone.now()
    appraisal.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(actor=by, obj=appraisal, action=AuditEntry.Action.UPDATE, org_path=appraisal.org_path,
                 changes={"status": [Status.OPEN, Status.CLOSED]},
                 note=f"投票结束：应投{len(candidate_ids(appraisal))}人，实投{voted}人")
    return appraisal


def tallies(appraisal: MemberAppraisal) -> dict[int, dict[str, int]]:
    """{candidate id: {grade: count}} — only once the ballot is closed."""
    if not appraisal.results_visible:
        raise PermissionDenied("投票结束后才能查看票数")
    result: dict[int, dict[str, int]] = {}
    for c, g, n in AppraisalTally.objects.filter(appraisal=appraisal).values_list("candidate_id", "grade", "count"):
        result.setdefault(c, {k: 0 for k in Grade.values})[g] = n
    return result


@transaction.atomic
def appraisal_decide(*, by, appraisal: MemberAppraisal, grades: Mapping[int, str]) -> MemberAppraisal:
    """The branch decides every candidate's grade, with at most the configured share rated 优秀; then locked."""
    appraisal = _locked(appraisal)
    _require_manage(by, appraisal.org_path)
    if appraisal.status == Status.DECIDED:
        raise ValidationError("评议等次已确定并锁定，不能修改", code="locked")
    if appraisal.status != Status.CLOSED:
        raise ValidationError("投票尚未结束：请先结束投票，再确定等次", code="open")
    ids = candidate_ids(appraisal)
    names = dict(Member.objects.filter(pk__in=ids).values_list("id", "name"))
    grades = {int(k): v for k, v in grades.items()}
    errors = [f"请为{names[c]}确定等次" for c in ids if grades.get(c) not in Grade.values]
    if errors:
        raise ValidationError(errors, code="missing")
    excellent = sum(1 for c in ids if grades[c] == Grade.EXCELLENT)
    most = appraisal.max_excellent(len(ids))
    if excellent > most:
        raise ValidationError(
            f"评定为优秀的党员不得超过参评党员的{appraisal.share_label}：本次参评{len(ids)}名，优秀至多{most}名，"
            f"现评定为优秀的有{excellent}名", code="share")
    votes = tallies(appraisal)
    # The points kept beside each grade are computed after the records of other apps became deeds.
    deeds_sync_year(by=by, org=appraisal.org, year=appraisal.year)
    points = {p.member_id: p.total for p in points_totals(under=appraisal.org_path, year=appraisal.year)}
    paths = dict(Member.objects.filter(pk__in=ids).values_list("id", "org_path"))
    AppraisalResult.objects.bulk_create([
        AppraisalResult(appraisal=appraisal, member_id=c, org_path=paths[c], grade=grades[c], votes=votes.get(c, {}),
                        points=points.get(c, 0)) for c in ids])
    appraisal.status, appraisal.decided_at = Status.DECIDED, timezone.now()
    appraisal.decided_by = by if getattr(by, "is_authenticated", False) else None
    appraisal.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    labels = dict(Grade.choices)
    audit_record(actor=by, obj=appraisal, action=AuditEntry.Action.UPDATE, org_path=appraisal.org_path,
                 changes={"status": [Status.CLOSED, Status.DECIDED],
                          "评定等次": [None, "；".join(f"{names[c]}：{labels[grades[c]]}" for c in ids)[:2000]]},
                 note=f"确定等次：优秀{excellent}名（至多{most}名）")
    return appraisal
