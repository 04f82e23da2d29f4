"""Pages: ranking with radar, branch page, drill-down, exports; scope, roles and bounded queries."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from zhibu.orgs.factories import OrgFactory
from zhibu.orgs.models import Org
from zhibu.strengths import services
from zhibu.strengths.models import Indicator

from .conftest import faculty_counts

YEAR = 2022


@pytest.fixture
def scored(cast, fake_metrics):
    fake_metrics(faculty_counts(cast))
    return cast


def test_ranking_page_with_radar(scored, login):
    c = login(scored.organiser)
    r = c.get(reverse("strengths:index") + f"?org=U1&year={YEAR}&branch=U1-WL-JG")
    assert r.status_code == 200
    body = r.content.decode()
    assert "zb-radar" in body and "物流管理专业教工党支部" in body and "66.7" in body
    assert r.context["selected"].org.code == "U1-WL-JG"
    assert [s.org.code for _, s in r.context["rows"]][0] == "U1-WL-JG"


def test_index_sends_a_secretary_to_the_branch(scored, login):
    r = login(scored.secretary).get(reverse("strengths:index"))
    assert r.status_code == 302 and "/strengths/branches/U1-WL-JG/" in r["Location"]


def test_branch_page_shows_every_indicator_with_drill_down(scored, login):
    r = login(scored.secretary).get(reverse("strengths:branch", args=["U1-WL-JG"]) + f"?year={YEAR}")
    assert r.status_code == 200
    body = r.content.decode()
    for ind in Indicator.objects.all():
        assert f'data-indicator="{ind.code}"' in body
    assert reverse("strengths:drill", args=["U1-WL-JG", "party_lectures"]) in body
    assert r.context["adjust_form"] is None  # a secretary may not adjust their own score


def test_reviewer_sees_the_adjustment_form(scored, login):
    r = login(scored.reviewer).get(reverse("strengths:branch", args=["U1-WL-JG"]) + f"?year={YEAR}")
    assert r.status_code == 200 and r.context["adjust_form"] is not None


def test_adjustment_through_the_page(scored, login):
    c = login(scored.organiser)
    r = c.post(reverse("strengths:adjustment_add", args=["U1-WL-JG"]), {
        "year": YEAR, "indicator": "appraisal", "points": "20", "reason": "已核实纸质评议记录",
        "evidence_title": "2022年民主评议党员登记表"})
    assert r.status_code == 302
    r = c.get(reverse("strengths:branch", args=["U1-WL-JG"]) + f"?year={YEAR}")
    assert "已核实纸质评议记录" in r.content.decode()
    ind = next(i for i in r.context["score"].indicators if i.code == "appraisal")
    assert ind.score == 20


def test_secretary_cannot_post_an_adjustment(scored, login):
    r = login(scored.secretary).post(reverse("strengths:adjustment_add", args=["U1-WL-JG"]), {
        "year": YEAR, "indicator": "appraisal", "points": "20", "reason": "自己加分理由", "evidence_title": "x"})
    assert r.status_code == 403


def test_drill_down_lists_the_branch_and_its_group(scored, login):
    r = login(scored.secretary).get(reverse("strengths:drill", args=["U1-WL-JG", "party_lectures"]) + f"?year={YEAR}")
    assert r.status_code == 200
    rows = {row["org"].code: [c["value"] for c in row["cells"]] for row in r.context["rows"]}
    assert rows == {"U1-WL-JG": [3], "U1-WL-JG-1": [1]}
    assert r.context["totals"] == [4]


@pytest.mark.parametrize("name,args", [
    ("strengths:branch", ["U1-WL-JG"]), ("strengths:drill", ["U1-WL-JG", "party_lectures"]),
    ("strengths:report_export", ["U1-WL-JG"]), ("strengths:plan_edit", ["U1-WL-JG", YEAR]),
])
def test_outsider_gets_404(scored, login, name, args):
    assert login(scored.sibling_secretary).get(reverse(name, args=args)).status_code == 404


def test_outsider_cannot_rank_another_scope(scored, login):
    c = login(scored.sibling_secretary)
    assert c.get(reverse("strengths:index") + "?org=U1").status_code == 404
    assert c.get(reverse("strengths:ranking_export", args=["U1"])).status_code == 404


def test_anonymous_is_sent_to_login(scored, login):
    r = login(None).get(reverse("strengths:index"))
    assert r.status_code == 302 and "login" in r["Location"]


def test_member_may_read_but_not_plan(scored, login):
    c = login(scored.member_user)
    assert c.get(reverse("strengths:branch", args=["U1-WL-JG"])).status_code == 200
    assert c.get(reverse("strengths:plan_edit", args=["U1-WL-JG", YEAR])).status_code == 403


def test_ranking_excel(scored, login):
    r = login(scored.organiser).get(reverse("strengths:ranking_export", args=["U1"]) + f"?year={YEAR}")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["七个有力排名"]
    assert ws["C3"].value == "物流管理专业教工党支部" and ws["D3"].value == 66.7
    assert ws.max_row == 5
    values = wb["指标数值"]
    assert values.max_row == 4 and values.max_column == 2 + Indicator.objects.count()
    assert values["C1"].value == "党课（次）" and values["C2"].value == 4
    assert wb["指标与依据"]["G2"].value.startswith("《中国共产党支部工作条例")


def test_word_report(scored, login):
    services.adjustment_add(by=scored.reviewer, branch=scored.branch, year=YEAR,
                            indicator=Indicator.objects.get(code="appraisal"), points=10, reason="核实纸质记录",
                            evidence_title="评议登记表")
    r = login(scored.secretary).get(reverse("strengths:report_export", args=["U1-WL-JG"]) + f"?year={YEAR}")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2022年度“七个有力”评估报告" in text and "综合得分" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "核实纸质记录" in cells and "教育党员有力" in cells


def _grow(cast, n):
    for k in range(n):
        b = OrgFactory(name=f"新支部{k}", code=f"U1-WL-N{k}", parent=cast.school)
        OrgFactory(name="小组", code=f"U1-WL-N{k}-1", kind=Org.Kind.GROUP, parent=b)


def test_ranking_query_count_is_bounded(scored, login, django_assert_num_queries):
    c = login(scored.organiser)
    url = reverse("strengths:index") + f"?org=U1&year={YEAR}"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        c.get(url)
    _grow(scored, 15)
    with CaptureQueriesContext(connection) as big:
        assert c.get(url).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)


def test_branch_page_query_count_is_fixed(scored, login, django_assert_num_queries):
    c = login(scored.reviewer)
    url = reverse("strengths:branch", args=["U1-WL-JG"]) + f"?year={YEAR}"
    c.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        c.get(url)
    for k in range(3):
        services.adjustment_add(by=scored.reviewer, branch=scored.branch, year=YEAR,
                                indicator=Indicator.objects.get(code="appraisal"), points=1, reason=f"理由第{k}条写明",
                                evidence_title="材料")
    with CaptureQueriesContext(connection) as second:
        c.get(url)
    assert len(second.captured_queries) == len(first.captured_queries) <= 30
