"""The pages: scoped (outside: 404; read-only roles: 403 on writes), thin, with bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhibu.meetings.factories import make_meeting
from zhibu.methods import services
from zhibu.methods.factories import make_case, make_method, make_symposium, walk
from zhibu.methods.models import Case, WorkMethod
from zhibu.orgs.factories import OrgFactory

pytestmark = pytest.mark.django_db

FORMULA = ("以围绕专业建设为“一”个中心，以构建支部与专业共建、教工与学生党支部共建、校内校外支部共建为“三”重共建工作机制，"
           "以开展教师思政、学生思政、课程思政建设为“三”大任务")


def case_url(case, suffix=""):
    return f"/methods/cases/{case.pk}/{suffix}"


def test_the_method_page_shows_the_formula_card(cast, login):
    method = make_method(branch=cast.branch, by=cast.secretary, slogan="打造高水平育人团队")
    html = login(cast.member_user).get(f"/methods/{method.pk}/").content.decode()
    assert "“一三三”工作法" in html and "重共建工作机制" in html and "教工与学生党支部共建" in html
    assert "同考核" in html
    assert login(cast.sibling_secretary).get(f"/methods/{method.pk}/").status_code == 404
    assert login(cast.member_user).get(f"/methods/{method.pk}/edit/").status_code == 403


def test_creating_a_method_from_the_form(cast, login):
    client = login(cast.secretary)
    data = {"name": "一三三", "approach": "找抓手\n建制度\n抓落实", "goals": "同研究、同部署、同落实、同考核",
            "pillar-0-count": "1", "pillar-0-measure": "个", "pillar-0-label": "中心", "pillar-0-items": "围绕专业建设",
            "pillar-1-count": "三", "pillar-1-measure": "重", "pillar-1-label": "共建工作机制",
            "pillar-1-items": "支部与专业共建\n教工与学生党支部共建\n校内校外支部共建",
            "pillar-2-count": "3", "pillar-2-measure": "大", "pillar-2-label": "任务", "pillar-2-items": "教师思政\n学生思政"}
    response = client.post(f"/methods/new/?org={cast.branch.code}", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "第3部分“三大任务”应有3项，现在是2项" in html and not WorkMethod.objects.exists()
    data["pillar-2-items"] += "\n课程思政"
    response = client.post(f"/methods/new/?org={cast.branch.code}", data)
    method = WorkMethod.objects.get()
    assert response.status_code == 302 and method.goals == ["同研究", "同部署", "同落实", "同考核"]
    data["name"] = "一二三"
    response = client.post(f"/methods/{method.pk}/edit/", data)
    assert "名称“一二三”的第2个数字是“二”" in response.content.decode()


def test_pasting_a_sentence_fills_the_pillars(cast, login):
    html = login(cast.secretary).post("/methods/formula/", {"text": FORMULA}).content.decode()
    assert "已识别为“一三三”" in html and 'value="共建工作机制"' in html and "教工与学生党支部共建\n" in html
    bad = login(cast.secretary).post("/methods/formula/", {"text": "以开展教师思政、学生思政为“三”大任务"})
    assert "只列出了2项" in bad.content.decode()


def test_drafts_are_404_for_the_sibling_and_the_public_and_edit_is_403_for_members(cast, login, client):
    case = make_case(branch=cast.branch, by=cast.secretary)
    assert login(cast.secretary).get(case_url(case)).status_code == 200
    assert login(cast.member_user).get(case_url(case)).status_code == 200
    assert login(cast.member_user).get(case_url(case, "edit/")).status_code == 403
    assert login(cast.member_user).post(case_url(case, "submit/")).status_code == 403
    assert login(cast.sibling_secretary).get(case_url(case)).status_code == 404
    assert login(cast.organiser).get(case_url(case)).status_code == 404
    assert login(None).get(f"/cases/{case.pk}/").status_code == 404
    assert login(None).get(case_url(case)).status_code == 302  # to the login page


def test_the_secretary_edits_with_autosave_and_submits(cast, login):
    case = make_case(branch=cast.branch, by=cast.secretary, insight="")
    meeting = make_meeting(org=cast.branch, title="主题党日：走进合作企业")
    client = login(cast.secretary)
    page = client.get(case_url(case, "edit/")).content.decode()
    assert "主题党日：走进合作企业" in page and "hx-post" in page
    data = {"title": case.title, "method": case.method_id, "background": case.background, "practice": case.practice,
            "outcome": case.outcome, "insight": "党建与业务深度融合。", "evidence": [f"meeting:{meeting.pk}"]}
    response = client.post(case_url(case, "autosave/"), data)
    assert "已自动保存" in response.content.decode()
    case.refresh_from_db()
    assert case.insight == "党建与业务深度融合。" and case.evidence.get().record_id == meeting.pk
    response = client.post(case_url(case, "submit/"), {"note": "请审核"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "submitted"
    assert login(cast.secretary).post(case_url(case, "autosave/"), data).status_code == 200
    assert "只有草稿可以修改" in login(cast.secretary).post(case_url(case, "autosave/"), data).content.decode()


def test_the_organiser_endorses_and_the_reviewer_researches_and_reviews_through_the_pages(cast, login):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="submitted")
    assert login(cast.organiser).post(case_url(case, "endorse/")).status_code == 302
    symposium = make_symposium(branch=cast.branch, co_hosts=[cast.municipal])
    client = login(cast.reviewer)
    page = client.get(case_url(case, "research/")).content.decode()
    assert "调研座谈会" in page
    client.post(case_url(case, "research/"), {"meeting": symposium.pk, "note": "座谈交流"})
    response = client.post(case_url(case, "review/"), {"overall": "成效显著", "decision": "revise",
                                                        "comment_outcome": "请补充数据"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "draft" and case.round == 1
    edit = login(cast.secretary).get(case_url(case, "edit/")).content.decode()
    assert "请补充数据" in edit and "第1轮点评" in edit
    assert login(cast.secretary).get(case_url(case, "research/")).status_code == 403


def test_the_library_is_public_and_searchable(cast, login, client):
    """The public library itself is publishing's (signed write-ups at /cases/); methods keeps its search and
    the old names, which now lead there."""
    from django.urls import reverse

    from zhibu.methods import selectors

    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    assert list(selectors.case_library(q="课程思政")) == [case]
    login(None)
    response = client.get(reverse("methods:library"), {"q": "课程思政"})
    assert response.status_code == 302 and response["Location"] == "/cases/?q=%E8%AF%BE%E7%A8%8B%E6%80%9D%E6%94%BF"
    response = client.get(reverse("methods:library_case", args=[case.pk]))
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"


def test_word_exports(cast, login):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="reviewed")
    client = login(cast.organiser)
    response = client.get(case_url(case, "case.docx"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "党支部工作法案例申报材料" in text and "经验启示" in text
    review = Document(io.BytesIO(client.get(case_url(case, "review.docx")).content))
    body = "\n".join(p.text for p in review.paragraphs) + "\n".join(c.text for t in review.tables for r in t.rows
                                                                     for c in r.cells)
    assert "第1轮点评" in body and "成效显著，同意发布。" in body and "评审通过" in body


def _cases(cast, n):
    method = WorkMethod.objects.filter(branch=cast.branch).first() or make_method(branch=cast.branch, by=None)
    for i in range(n):
        branch = OrgFactory(name=f"测试支部{Case.objects.count()}", parent=cast.school) if i % 3 else cast.branch
        m = method if branch == cast.branch else make_method(branch=branch, by=None)
        walk(make_case(method=m, title=f"案例{i}"), to="published", meeting=make_symposium(branch=branch))


@pytest.mark.parametrize("path", ["/methods/", "/cases/", "/cases/?q=课程思政", "CASE"])
def test_pages_issue_a_bounded_number_of_queries(cast, login, path):
    counts = []
    for n in (2, 8):
        _cases(cast, n if not counts else n - 2)
        case = Case.objects.filter(branch=cast.branch).first()
        url = path.replace("CASE", f"/methods/cases/{case.pk}/")
        client = login(cast.organiser)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], f"queries grew with the data: {counts}"
    assert counts[1] <= 30


def test_adopting_through_the_page(cast, login):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    from zhibu.orgs.factories import UserFactory, grant
    from zhibu.orgs.models import Role

    other = UserFactory(username="gs")
    grant(other, cast.other_branch, Role.Kind.SECRETARY)
    client = login(other)
    assert "登记借鉴" in client.get(case_url(case)).content.decode()
    response = client.post(case_url(case, "adopt/"), {"branch": cast.other_branch.pk, "adopted_on": timezone.localdate(case.published_at),
                                                       "adaptation": "结合实际建立共建机制"})
    assert response.status_code == 302 and case.adoptions.get().branch == cast.other_branch
    assert login(cast.member_user).get(case_url(case, "adopt/")).status_code == 403
    assert services  # noqa: B018 (the services are what the page called)


def test_the_workbench_narrows_to_an_organisation_as_the_dashboard_links_it(cast, login):
    ours = make_case(branch=cast.branch, title="物流学院的案例")
    theirs = make_case(branch=cast.other_branch, title="经管学院的案例")
    admin = login(cast.admin)
    page = admin.get("/methods/?org=U1-JG").content.decode()
    assert theirs.title in page and ours.title not in page and 'id="cases-under"' in page
    assert admin.get("/methods/?org=U1-JG&status=draft").context["counts"]["draft"] == 1
    assert admin.get("/methods/").context["counts"]["draft"] == 2
    assert login(cast.sibling_secretary).get("/methods/?org=U1-JG").status_code == 404
