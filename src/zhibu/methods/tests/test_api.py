"""The API: methods, formula, cases, transitions, reviews, adoptions and reach; scoped like the pages."""

import json

import pytest
from django.utils import timezone

from zhibu.core.services import token_create
from zhibu.methods.factories import make_case, make_method, make_symposium, walk
from zhibu.methods.models import Case

pytestmark = pytest.mark.django_db


def api(client, user):
    _, key = token_create(user=user, name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def call(method, path, data=None):
        kwargs = dict(headers)
        if data is not None:
            kwargs.update(data=json.dumps(data), content_type="application/json")
        return getattr(client, method)(f"/api{path}", **kwargs)

    return call


def test_methods_are_created_and_refused_with_chinese_messages(cast, client):
    call = api(client, cast.secretary)
    body = {"branch": cast.branch.code, "name": "一三三", "pillars": [
        {"label": "中心", "count": 1, "measure": "个", "items": ["围绕专业建设"]},
        {"label": "共建工作机制", "count": 3, "measure": "重", "items": ["支部与专业共建", "教工与学生党支部共建", "校内校外支部共建"]},
        {"label": "任务", "count": 3, "measure": "大", "items": ["教师思政", "学生思政", "课程思政"]}]}
    response = call("post", "/methods/", body)
    assert response.status_code == 201 and response.json()["pillars"][1]["items"][1] == "教工与学生党支部共建"
    body["name"] = "一二三"
    body["branch"] = cast.branch.code
    response = call("post", "/methods/", body)
    assert response.status_code == 422 and "第2个数字" in response.json()["errors"]["name"][0]
    assert api(client, cast.member_user)("post", "/methods/", {**body, "name": "一三三"}).status_code == 403
    assert api(client, cast.sibling_secretary)("post", "/methods/", {**body, "name": "一三三"}).status_code == 404


def test_the_formula_endpoint(cast, client):
    response = api(client, cast.member_user)("post", "/methods/formula", {"text": "一中心两支柱三对接四任务"})
    assert response.json()["name"] == "一中心两支柱三对接四任务" and [p["count"] for p in response.json()["pillars"]] == [1, 2, 3, 4]
    bad = api(client, cast.member_user)("post", "/methods/formula", {"text": "以A、B为“三”大任务"})
    assert bad.status_code == 422 and "只列出了2项" in bad.json()["detail"]


def test_a_case_goes_from_draft_to_published_through_the_api(cast, client):
    method = make_method(branch=cast.branch, by=cast.secretary)
    sec, org, rev = api(client, cast.secretary), api(client, cast.organiser), api(client, cast.reviewer)
    created = sec("post", "/cases/", {"method_id": method.pk, "title": "“一三三”工作法", "background": "a", "practice": "b",
                                      "outcome": "c", "insight": "d"}).json()
    case_id = created["id"]
    assert org("get", f"/cases/{case_id}").status_code == 404, "a draft never submitted stays in the branch"
    assert sec("post", f"/cases/{case_id}/endorse", {}).status_code == 403
    assert sec("post", f"/cases/{case_id}/submit", {"note": "请审核"}).json()["status"] == "submitted"
    assert sec("post", f"/cases/{case_id}/submit", {}).status_code == 422
    assert org("post", f"/cases/{case_id}/endorse", {}).json()["status"] == "endorsed"
    meeting = make_symposium(branch=cast.branch, co_hosts=[cast.municipal])
    assert rev("post", f"/cases/{case_id}/research", {"meeting_id": 999999}).status_code == 422
    assert rev("post", f"/cases/{case_id}/research", {"meeting_id": meeting.pk}).json()["status"] == "researched"
    review = rev("post", f"/cases/{case_id}/reviews", {"overall": "同意", "decision": "approve",
                                                        "section_comments": {"outcome": "数据翔实"}})
    assert review.status_code == 201 and review.json()["section_comments"] == {"outcome": "数据翔实"}
    assert rev("post", f"/cases/{case_id}/publish", {}).json()["status"] == "published"
    timeline = sec("get", f"/cases/{case_id}/timeline").json()
    assert [t["action"] for t in timeline] == ["submit", "endorse", "research", "approve", "publish"]
    assert api(client, cast.sibling_secretary)("get", f"/cases/{case_id}").status_code == 200, "published: public"


def test_patch_replaces_evidence_with_the_branchs_own_records_only(cast, client):
    case = make_case(branch=cast.branch, by=cast.secretary)
    own = make_symposium(branch=cast.branch)
    other = make_symposium(branch=cast.other_branch)
    call = api(client, cast.secretary)
    ok = call("patch", f"/cases/{case.pk}", {"evidence": [{"kind": "meeting", "id": own.pk}], "insight": "新的启示"})
    assert ok.status_code == 200 and ok.json()["evidence"][0]["record_id"] == own.pk
    bad = call("patch", f"/cases/{case.pk}", {"evidence": [{"kind": "meeting", "id": other.pk}]})
    assert bad.status_code == 422 and "不是本支部的记录" in bad.json()["detail"]


def test_adoptions_and_reach(cast, client):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    response = api(client, cast.organiser)("post", f"/cases/{case.pk}/adoptions", {
        "branch": cast.other_branch.code, "adopted_on": timezone.localdate(case.published_at).isoformat(), "adaptation": "结合实际"})
    assert response.status_code == 201
    assert api(client, cast.member_user)("get", f"/cases/{case.pk}/reach").json() == {
        "adoptions": 1, "branches": 1, "universities": 1, "cities": 0, "depth": 1}
    draft = make_case(method=case.method, by=cast.secretary, title="另一案例")
    refused = api(client, cast.organiser)("post", f"/cases/{draft.pk}/adoptions", {
        "branch": cast.other_branch.code, "adopted_on": "2024-01-01", "adaptation": "x"})
    assert refused.status_code == 404, "the organiser cannot even see an unsubmitted draft"
    assert Case.objects.count() == 2


def test_lists_are_scoped(cast, client):
    make_case(branch=cast.branch, by=cast.secretary)
    assert api(client, cast.secretary)("get", "/cases/").json()["count"] == 1
    assert api(client, cast.sibling_secretary)("get", "/cases/").json()["count"] == 0
    assert api(client, cast.sibling_secretary)("get", "/methods/").json()["count"] == 0
