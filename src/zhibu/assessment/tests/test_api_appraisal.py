"""The appraisal through the API, end to end: open, self-assess, vote once and in secret, close, decide under
the 优秀 share — the same services and the same refusals as the pages."""

from zhibu.assessment.models import AppraisalResult, AppraisalVoter, MemberAppraisal

from .conftest import YEAR

JSON = "application/json"


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type=JSON)


def test_a_year_of_appraisal_through_the_api(cast, login, voters):
    everyone = [cast.sec_member, cast.plain_member, *voters]
    member = login(cast.member_user)
    assert _post(member, "/api/appraisals/", {"org": cast.branch.code, "year": YEAR}).status_code == 403
    sec = login(cast.secretary)
    opened = _post(sec, "/api/appraisals/", {"org": cast.branch.code, "year": YEAR})
    assert opened.status_code == 201 and opened.json()["status"] == "open"
    url = f"/api/appraisals/{opened.json()['id']}"
    again = _post(sec, "/api/appraisals/", {"org": cast.branch.code, "year": YEAR})
    assert again.status_code == 422 and "每年只评议一次" in again.json()["errors"]["year"][0]

    for m in everyone:
        client = login(m.user)
        assert _post(client, f"{url}/self", {"text": f"{m.name}的自评"}).status_code == 200
        votes = {str(o.pk): ("excellent" if o == cast.plain_member else "qualified") for o in everyone if o != m}
        if m == cast.plain_member:
            short = _post(client, f"{url}/ballot", {"votes": {str(voters[0].pk): "qualified"}})
            assert short.status_code == 422 and "请为" in short.json()["detail"]
            assert not AppraisalVoter.objects.filter(member=m).exists()
        assert _post(client, f"{url}/ballot", {"votes": votes}).status_code == 200, m.name
        twice = _post(client, f"{url}/ballot", {"votes": votes})
        assert twice.status_code == 422 and "只能投一次" in twice.json()["detail"]
    assert _post(login(cast.sibling_secretary), f"{url}/ballot", {"votes": {}}).status_code == 404
    assert _post(login(cast.member_user), f"{url}/close").status_code == 403

    sec = login(cast.secretary)
    assert _post(sec, f"{url}/close").json()["status"] == "closed"
    detail = sec.get(url).json()
    counts = {c["member_id"]: c["votes"] for c in detail["candidates"]}
    assert counts[cast.plain_member.pk]["excellent"] == len(everyone) - 1
    too_many = {str(m.pk): "excellent" for m in everyone[:3]} | {str(m.pk): "qualified" for m in everyone[3:]}
    refused = _post(sec, f"{url}/decide", {"grades": too_many})
    assert refused.status_code == 422 and "优秀" in refused.json()["detail"]
    assert not AppraisalResult.objects.exists()
    grades = {str(m.pk): ("excellent" if m == cast.plain_member else "qualified") for m in everyone}
    decided = _post(sec, f"{url}/decide", {"grades": grades})
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    assert MemberAppraisal.objects.get().status == "decided"
    assert AppraisalResult.objects.get(member=cast.plain_member).grade == "excellent"
    late = _post(login(cast.sec_member.user), f"{url}/decide", {"grades": grades})
    assert late.status_code == 422


def test_a_body_that_does_not_fit_the_schema_gets_a_chinese_message(cast, login, voters):
    sec = login(cast.secretary)
    bad = _post(sec, "/api/appraisals/", {"org": cast.branch.code, "year": "明年"})
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"year": ["“year”应为整数"]} and "请求数据不正确" in bad.json()["detail"]
    missing = _post(sec, "/api/appraisals/", {"year": YEAR})
    assert missing.json()["errors"] == {"org": ["“org”缺少此项"]}
    assert not MemberAppraisal.objects.exists()
