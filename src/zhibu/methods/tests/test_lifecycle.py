"""Every step of a case's life for every role of the cast, in and out of order; rounds, notices and mail."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from zhibu.core.models import Notification
from zhibu.methods import services
from zhibu.methods.factories import make_case, make_symposium, walk
from zhibu.methods.models import Case, Review, Transition

pytestmark = pytest.mark.django_db

ROLES = ["secretary", "member_user", "sibling_secretary", "organiser", "reviewer", "admin", "anonymous"]
STATES = ["draft", "submitted", "endorsed", "researched", "reviewed", "published", "promoted"]
# action: (the state it starts from, the state it leads to, the roles that may take it)
STEPS = {
    "submit": ("draft", "submitted", {"secretary", "admin"}),
    "withdraw": ("submitted", "draft", {"secretary", "admin"}),
    "endorse": ("submitted", "endorsed", {"organiser", "admin"}),
    "research": ("endorsed", "researched", {"reviewer", "admin"}),
    "approve": ("researched", "reviewed", {"reviewer", "admin"}),
    "revise": ("researched", "draft", {"reviewer", "admin"}),
    "publish": ("reviewed", "published", {"reviewer", "admin"}),
    "promote": ("published", "promoted", {"reviewer", "admin"}),
}
# Withdrawing is also allowed after endorsement.
EXTRA_LEGAL = {("withdraw", "endorsed")}


def user(cast, role):
    return AnonymousUser() if role == "anonymous" else getattr(cast, role)


def case_in(cast, state: str, meeting=None) -> Case:
    case = make_case(branch=cast.branch, by=cast.secretary)
    if state != "draft":
        walk(case, cast, to=state, meeting=meeting)
    return case


def take(action: str, case: Case, by, meeting=None):
    if action == "research":
        return services.case_research(case=case, by=by, meeting=meeting)
    if action in ("approve", "revise"):
        return services.case_review(case=case, by=by, overall="意见", decision=action)
    return getattr(services, f"case_{action}")(case=case, by=by)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(STEPS))
def test_each_step_by_each_role(cast, action, role):
    start, end, allowed = STEPS[action]
    meeting = make_symposium(branch=cast.branch, co_hosts=[cast.municipal])
    case = case_in(cast, start, meeting)
    steps_before = Transition.objects.count()
    if role in allowed:
        take(action, case, user(cast, role), meeting)
        case.refresh_from_db()
        assert case.status == end
        assert Transition.objects.count() == steps_before + 1
    else:
        with pytest.raises(PermissionDenied):
            take(action, case, user(cast, role), meeting)
        case.refresh_from_db()
        assert case.status == start and Transition.objects.count() == steps_before


ILLEGAL = [(a, s) for a in STEPS for s in STATES if s != STEPS[a][0] and (a, s) not in EXTRA_LEGAL]


@pytest.mark.parametrize(("action", "state"), ILLEGAL)
def test_each_step_out_of_order_is_refused_in_chinese(cast, action, state):
    start, _, allowed = STEPS[action]
    meeting = make_symposium(branch=cast.branch, co_hosts=[cast.municipal])
    case = case_in(cast, state, meeting)
    by = user(cast, sorted(allowed - {"admin"})[0])
    with pytest.raises(ValidationError, match="案例当前为“.+”，不能"):
        take(action, case, by, meeting)
    case.refresh_from_db()
    assert case.status == state


def test_withdraw_after_endorsement_returns_to_draft_keeping_the_round(cast):
    case = case_in(cast, "endorsed")
    services.case_withdraw(case=case, by=cast.secretary, note="补充材料")
    case.refresh_from_db()
    assert case.status == "draft" and case.round == 1
    services.case_submit(case=case, by=cast.secretary)
    case.refresh_from_db()
    assert case.round == 2
    assert list(case.transitions.values_list("round", "action")) == [
        (1, "submit"), (1, "endorse"), (1, "withdraw"), (2, "submit")]


def test_revise_sends_the_case_back_with_its_comments_and_every_round_is_kept(cast):
    meeting = make_symposium(branch=cast.branch, co_hosts=[cast.municipal])
    case = case_in(cast, "researched", meeting)
    review = services.case_review(case=case, by=cast.reviewer, overall="请补充成效数据。", decision="revise",
                                  section_comments={"outcome": "成效部分缺少数据", "insight": ""})
    case.refresh_from_db()
    assert case.status == "draft" and review.round == 1
    assert review.comments() == [("outcome", "工作成效", "成效部分缺少数据")]
    services.case_update(by=cast.secretary, case=case, outcome="新增：毕业生就业率98%。")
    walk(case, cast, to="reviewed", meeting=meeting)
    case.refresh_from_db()
    assert case.round == 2 and case.status == "reviewed"
    assert list(Review.objects.filter(case=case).values_list("round", "decision")) == [(1, "revise"), (2, "approve")]


def test_a_case_with_an_empty_section_cannot_be_submitted(cast):
    case = make_case(branch=cast.branch, by=cast.secretary, insight="")
    with pytest.raises(ValidationError) as exc:
        services.case_submit(case=case, by=cast.secretary)
    assert exc.value.message_dict == {"insight": ["请填写“经验启示”"]}
    case.refresh_from_db()
    assert case.status == "draft" and case.round == 0


def test_research_needs_a_research_symposium_with_the_branch(cast):
    case = case_in(cast, "endorsed")
    elsewhere = make_symposium(branch=cast.other_branch, co_hosts=[cast.municipal])
    with pytest.raises(ValidationError, match="不是与物流管理专业教工党支部召开的座谈会"):
        services.case_research(case=case, by=cast.reviewer, meeting=elsewhere)
    plain = make_symposium(branch=cast.branch, research=False)
    with pytest.raises(ValidationError, match="不是调研座谈会"):
        services.case_research(case=case, by=cast.reviewer, meeting=plain)
    case.refresh_from_db()
    assert case.status == "endorsed"


def test_a_review_needs_an_overall_comment(cast):
    case = case_in(cast, "researched")
    with pytest.raises(ValidationError, match="请填写总体意见"):
        services.case_review(case=case, by=cast.reviewer, overall=" ", decision="approve")


def test_a_draft_cannot_be_edited_once_submitted(cast):
    case = case_in(cast, "submitted")
    with pytest.raises(ValidationError, match="只有草稿可以修改"):
        services.case_update(by=cast.secretary, case=case, title="新标题")


def test_each_step_tells_the_next_actor_in_the_inbox_and_by_mail(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.organiser.email, cast.reviewer.email, cast.secretary.email = "o@example.cn", "r@example.cn", "s@example.cn"
    for u in (cast.organiser, cast.reviewer, cast.secretary):
        u.save()
    case = make_case(branch=cast.branch, by=cast.secretary)
    services.case_submit(case=case, by=cast.secretary)
    assert list(Notification.objects.filter(recipient=cast.organiser).values_list("verb", flat=True)) == [
        "物流管理专业教工党支部提交了工作法案例““一三三”工作法——打造高水平育人团队”，请审核推荐"]
    assert not Notification.objects.filter(recipient=cast.secretary).exists(), "the actor is not told of their own step"
    services.case_endorse(case=case, by=cast.organiser)
    assert Notification.objects.filter(recipient=cast.reviewer, verb__contains="请安排调研").exists()
    assert Notification.objects.filter(recipient=cast.secretary, verb__contains="已获学校推荐").exists()
    assert not Notification.objects.filter(recipient=cast.sibling_secretary).exists()
    assert Notification.objects.get(recipient=cast.reviewer).url == case.get_absolute_url()


def test_mail_goes_out_after_commit(cast, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.organiser.email = "o@example.cn"
    cast.organiser.save()
    case = make_case(branch=cast.branch, by=cast.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_submit(case=case, by=cast.secretary)
    assert [m.to for m in mail.outbox] == [["o@example.cn"]]
    assert "请审核推荐" in mail.outbox[0].subject


def test_no_mail_when_mail_is_not_configured(cast, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "localhost"
    cast.organiser.email = "o@example.cn"
    cast.organiser.save()
    case = make_case(branch=cast.branch, by=cast.secretary)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.case_submit(case=case, by=cast.secretary)
    assert callbacks == [] and Notification.objects.filter(recipient=cast.organiser).count() == 1
