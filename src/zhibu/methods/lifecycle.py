"""A case's life, one service per step, each with a role check, a timeline entry and a notice to the next actor.

    draft ──submit──▶ submitted ──endorse──▶ endorsed ──research──▶ researched ──review──▶ reviewed
      ▲   (author)       │        (organiser)    │        (superior)                (superior) │ approve
      │                  └──withdraw (author)────┤                                            ▼
      ├──────────────────────────────────────────┘                     published ◀──publish (superior)
      └──────────────── review: revise (superior; comments kept with the round) ──┘   │
                                                                                      ▼ promote (superior)
                                                                                   promoted

Each submission opens a round (`Case.round`); reviews and the timeline keep every round, so withdrawing or
being sent back never loses what was said before. A step by the wrong role is a PermissionDenied, a step out
of order a ValidationError, both in Chinese; nothing changes either way. `at` dates a step in the past
(the demo and imports record a history that happened before).
"""

from collections.abc import Callable, Mapping

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record
from zhibu.core.models import AuditEntry
from zhibu.core.notifications import notify
from zhibu.meetings.models import Meeting, MeetingKind
from zhibu.meetings.services import meeting_create
from zhibu.orgs.models import Org

from . import roles
from .models import SECTION_LABELS, SECTIONS, Case, CaseStatus, Review, Transition

S = CaseStatus
A = Transition.Action

AUTHOR_ONLY = "只有本支部的书记、支委或组织管理员可以{}"
ORGANISER_ONLY = "只有上级党委（学校党委组织部）的组织管理员可以{}"
SUPERIOR_ONLY = "只有上级机关（市委组织部、教育工委）的评审专家或组织管理员可以{}"


def _refuse_state(case: Case, what: str) -> None:
    raise ValidationError(f"案例当前为“{case.get_status_display()}”，不能{what}")


def _recipients(q) -> list:
    return list(get_user_model().objects.filter(q, is_active=True).distinct())


def _step(
    *, case: Case, by, action: str, allowed: tuple[str, ...], to_status: str, who: Callable, refusal: str,
    what: str, note: str = "", meeting: Meeting | None = None, before: Callable | None = None,
    tell: Mapping[str, Callable] = (), at=None,
) -> Transition:
    """Lock the case, check role then state, move it, record the step and tell the next people."""
    case_row = Case.objects.select_for_update().select_related("branch").get(pk=case.pk)
    actor_org = who(by, case_row.branch) if by is not None else case_row.branch.pk
    if actor_org is None:
        raise PermissionDenied(refusal.format(what))
    if case_row.status not in allowed:
        _refuse_state(case_row, what)
    if before is not None:
        before(case_row)
    from_status = case_row.status
    now = at or timezone.now()
    if action == A.SUBMIT:
        case_row.round += 1
        case_row.submitted_at = now
    if action == A.PUBLISH:
        case_row.published_at = now
    case_row.status = to_status
    case_row.save(update_fields=["status", "round", "submitted_at", "published_at", "updated_at"])
    transition = Transition.objects.create(
        case=case_row, round=case_row.round, action=action, from_status=from_status, to_status=to_status,
        actor=roles.user_or_none(by), actor_org_id=actor_org if isinstance(actor_org, int) else actor_org.pk,
        note=(note or "").strip(), meeting=meeting, at=now,
    )
    audit_record(actor=by, obj=case_row, action=AuditEntry.Action.UPDATE, org_path=case_row.org_path,
                 changes={"status": [from_status, to_status]}, note=A(action).label + (f"：{note}" if note else ""))
    url = case_row.get_absolute_url()
    for verb, q in dict(tell).items():
        notify(recipients=_recipients(q(case_row.branch)), verb=verb.format(case=case_row.title,
               branch=case_row.branch.display_name), url=url, actor=by)
    case.__dict__.update({k: getattr(case_row, k) for k in ("status", "round", "submitted_at", "published_at")})
    return transition


def _check_complete(case: Case) -> None:
    errors = {key: f"请填写“{label}”" for key, label in SECTIONS if not getattr(case, key).strip()}
    if not case.title.strip():
        errors["title"] = "请填写标题"
    if not case.method.pillars.exists():
        errors["method"] = "工作法还没有组成部分"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_submit(*, case: Case, by, note: str = "", at=None) -> Transition:
    """Send the draft to the university (a new round); every section must be written."""
    return _step(case=case, by=by, at=at, action=A.SUBMIT, allowed=(S.DRAFT,), to_status=S.SUBMITTED, who=roles.as_author,
                 refusal=AUTHOR_ONLY, what="提交", note=note, before=_check_complete,
                 tell={"{branch}提交了工作法案例“{case}”，请审核推荐": roles.organisers_q})


@transaction.atomic
def case_withdraw(*, case: Case, by, note: str = "", at=None) -> Transition:
    """Take a submitted (or endorsed) case back to draft before it is researched; the round stays on record."""
    return _step(case=case, by=by, at=at, action=A.WITHDRAW, allowed=(S.SUBMITTED, S.ENDORSED), to_status=S.DRAFT,
                 who=roles.as_author, refusal=AUTHOR_ONLY, what="撤回", note=note,
                 tell={"{branch}撤回了工作法案例“{case}”": roles.organisers_q})


@transaction.atomic
def case_endorse(*, case: Case, by, note: str = "", at=None) -> Transition:
    return _step(case=case, by=by, at=at, action=A.ENDORSE, allowed=(S.SUBMITTED,), to_status=S.ENDORSED,
                 who=roles.as_organiser, refusal=ORGANISER_ONLY, what="推荐", note=note,
                 tell={"学校推荐了{branch}的工作法案例“{case}”，请安排调研": roles.superiors_q,
                       "您的工作法案例“{case}”已获学校推荐": roles.authors_q})


def _research_meeting_check(meeting: Meeting) -> Callable[[Case], None]:
    def check(case: Case) -> None:
        if meeting is None:
            raise ValidationError({"meeting": "请选择或登记调研座谈会"})
        if meeting.kind != MeetingKind.SYMPOSIUM or not meeting.research:
            raise ValidationError({"meeting": f"“{meeting.title}”不是调研座谈会"})
        if meeting.is_deleted:
            raise ValidationError({"meeting": f"“{meeting.title}”已被删除"})
        about_branch = meeting.org_path.startswith(case.branch.path) or meeting.co_hosts.filter(
            pk=case.branch_id).exists()
        if not about_branch:
            raise ValidationError({"meeting": f"“{meeting.title}”不是与{case.branch.display_name}召开的座谈会"})

    return check


@transaction.atomic
def case_research(*, case: Case, by, meeting: Meeting, note: str = "", at=None) -> Transition:
    """Record that the superior body researched the case at `meeting` (a research symposium with the branch)."""
    return _step(case=case, by=by, at=at, action=A.RESEARCH, allowed=(S.ENDORSED,), to_status=S.RESEARCHED,
                 who=roles.as_superior, refusal=SUPERIOR_ONLY, what="登记调研", note=note, meeting=meeting,
                 before=_research_meeting_check(meeting),
                 tell={"上级已就工作法案例“{case}”召开调研座谈会": roles.authors_q})


@transaction.atomic
def case_research_record(*, case: Case, by, host: Org, title: str, starts_at, ends_at, place: str = "",
                         guests=(), agenda=(), minutes: str = "", note: str = "") -> Transition:
    """Record the research symposium itself (hosted by the superior body, the branch co-hosting) and the
    research step, together: a reviewer need not ask a branch's manager to type in their own visit."""
    superior_id = roles.as_superior(by, case.branch)
    if superior_id is None:
        raise PermissionDenied(SUPERIOR_ONLY.format("登记调研"))
    if not case.branch.path.startswith(host.path) or host.kind != Org.Kind.SUPERIOR:
        raise ValidationError({"host": f"“{host.name}”不是{case.branch.display_name}的上级机关"})
    meeting = meeting_create(by=by, org=host, kind=MeetingKind.SYMPOSIUM, research=True, title=title,
                             starts_at=starts_at, ends_at=ends_at, place=place, co_hosts=[case.branch],
                             guests=guests, agenda=agenda, minutes=minutes)
    return case_research(case=case, by=by, meeting=meeting, note=note)


@transaction.atomic
def case_review(*, case: Case, by, overall: str, decision: str,
                section_comments: Mapping[str, str] | None = None, at=None) -> Review:
    """Comment per section and overall and decide: approve (→ reviewed) or revise (→ draft, comments kept)."""
    comments = {k: v.strip() for k, v in (section_comments or {}).items() if v and v.strip()}
    unknown = set(comments) - set(SECTION_LABELS)
    if unknown:
        raise ValidationError({"section_comments": f"没有这些部分：{'、'.join(sorted(unknown))}"})
    if decision not in Review.Decision.values:
        raise ValidationError({"decision": "请选择评审结论：通过或修改后再报"})

    def check(_case: Case) -> None:
        if not (overall or "").strip():
            raise ValidationError({"overall": "请填写总体意见"})

    approve = decision == Review.Decision.APPROVE
    tell = ({"工作法案例“{case}”评审通过": roles.authors_q} if approve
            else {"工作法案例“{case}”需要修改后再报，请查看点评意见": roles.authors_q})
    transition = _step(case=case, by=by, at=at, action=A.APPROVE if approve else A.REVISE, allowed=(S.RESEARCHED,),
                       to_status=S.REVIEWED if approve else S.DRAFT, who=roles.as_superior, refusal=SUPERIOR_ONLY,
                       what="评审", note=overall, before=check, tell=tell)
    return Review.objects.create(
        case_id=case.pk, round=transition.round, reviewer=transition.actor, reviewer_org_id=transition.actor_org_id,
        overall=overall.strip(), section_comments=comments, decision=decision, at=transition.at,
    )


@transaction.atomic
def case_publish(*, case: Case, by, note: str = "", at=None) -> Transition:
    """Put the reviewed case in the public case library."""
    return _step(case=case, by=by, at=at, action=A.PUBLISH, allowed=(S.REVIEWED,), to_status=S.PUBLISHED,
                 who=roles.as_superior, refusal=SUPERIOR_ONLY, what="发布", note=note,
                 tell={"您的工作法案例“{case}”已在案例库发布": roles.authors_q,
                       "{branch}的工作法案例“{case}”已发布": roles.organisers_q})


@transaction.atomic
def case_promote(*, case: Case, by, note: str = "", at=None) -> Transition:
    """Recommend the published case for adoption by other branches （推广）."""
    return _step(case=case, by=by, at=at, action=A.PROMOTE, allowed=(S.PUBLISHED,), to_status=S.PROMOTED,
                 who=roles.as_superior, refusal=SUPERIOR_ONLY, what="推广", note=note,
                 tell={"您的工作法案例“{case}”被列为推广案例": roles.authors_q,
                       "{branch}的工作法案例“{case}”被列为推广案例": roles.organisers_q})


def next_steps(user, case: Case) -> list[str]:
    """The actions this user may take on the case now (for the page's buttons)."""
    branch: Org = case.branch
    steps = []
    if roles.as_author(user, branch):
        if case.status == S.DRAFT:
            steps.append(A.SUBMIT)
        if case.status in (S.SUBMITTED, S.ENDORSED):
            steps.append(A.WITHDRAW)
    if roles.as_organiser(user, branch) and case.status == S.SUBMITTED:
        steps.append(A.ENDORSE)
    if roles.as_superior(user, branch):
        steps += {S.ENDORSED: [A.RESEARCH], S.RESEARCHED: [A.APPROVE], S.REVIEWED: [A.PUBLISH],
                  S.PUBLISHED: [A.PROMOTE]}.get(case.status, [])
    return steps
