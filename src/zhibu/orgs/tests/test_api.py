"""The org and member API, against every member of the shared cast."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhibu.core.services import token_create, token_revoke
from zhibu.orgs import services
from zhibu.orgs.factories import MemberFactory, OrgFactory
from zhibu.orgs.models import Member, Org, Position

CAST = ["secretary", "member_user", "sibling_secretary", "organiser", "reviewer", "admin"]
ALL_CODES = {"M-ZZB", "M-JYGW", "U1", "U1-WL", "U1-WL-JG", "U1-WL-JG-1", "U1-WL-XS", "U1-JG", "U1-JG-GS"}
U1_CODES = ALL_CODES - {"M-ZZB", "M-JYGW"}
ALL_NAMES = {"陈立华", "周敏", "林晓", "高峰"}


@pytest.fixture
def api(client):
    """api(user, url, **params) → response, called with a fresh bearer token of `user` (None: anonymous)."""

    def _get(user, url, **params):
        headers = {}
        if user is not None:
            _, key = token_create(user=user, name="test")
            headers["Authorization"] = f"Bearer {key}"
        return client.get(url, params, headers=headers)

    return _get


def _codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {o["code"] for o in response.json()["items"]}


def _names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {m["name"] for m in response.json()["items"]}


def _endpoints(cast) -> list[str]:
    return ["/api/orgs/", f"/api/orgs/{cast.branch.code}", "/api/members/", f"/api/members/{cast.plain_member.pk}"]


# --- authentication ------------------------------------------------------------------------------


def test_anonymous_gets_401_everywhere(cast, api):
    for url in _endpoints(cast):
        assert api(None, url).status_code == 401, url


def test_bearer_token_authenticates(cast, client):
    _, key = token_create(user=cast.secretary, name="脚本")
    response = client.get("/api/members/", headers={"Authorization": f"Bearer {key}"})
    assert _names(response) == {"陈立华", "周敏"}


def test_session_authenticates(cast, login):
    response = login(cast.secretary).get("/api/members/")
    assert _names(response) == {"陈立华", "周敏"}


@pytest.mark.parametrize("how", ["revoked", "expired", "wrong", "not_prefixed", "inactive_user", "basic_scheme"])
def test_bad_tokens_get_401(cast, client, how):
    token, key = token_create(user=cast.secretary, name="x")
    header = f"Bearer {key}"
    if how == "revoked":
        token_revoke(user=cast.secretary, token_id=token.pk)
    elif how == "expired":
        token.expires_at = timezone.now() - dt.timedelta(seconds=1)
        token.save()
    elif how == "wrong":
        header = f"Bearer {key[:-2]}xx"
    elif how == "not_prefixed":
        header = f"Bearer {key[3:]}"
    elif how == "inactive_user":
        cast.secretary.is_active = False
        cast.secretary.save()
    elif how == "basic_scheme":
        header = f"Basic {key}"
    for url in _endpoints(cast):
        assert client.get(url, headers={"Authorization": header}).status_code == 401, url


# --- organisations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [
        ("secretary", {"U1-WL-JG", "U1-WL-JG-1"}),
        ("member_user", {"U1-WL-JG", "U1-WL-JG-1"}),
        ("sibling_secretary", {"U1-WL-XS"}),
        ("organiser", U1_CODES),
        ("reviewer", ALL_CODES),
        ("admin", ALL_CODES),
    ],
)
def test_org_list_is_scoped(cast, api, who, expected):
    assert _codes(api(getattr(cast, who), "/api/orgs/")) == expected


def test_org_list_filters(cast, api):
    assert _codes(api(cast.organiser, "/api/orgs/", kind="branch")) == {"U1-WL-JG", "U1-WL-XS", "U1-JG-GS"}
    assert _codes(api(cast.organiser, "/api/orgs/", q="物流")) == {"U1-WL", "U1-WL-JG", "U1-WL-XS"}
    assert _codes(api(cast.organiser, "/api/orgs/", q="u1-jg")) == {"U1-JG"}
    assert _codes(api(cast.organiser, "/api/orgs/", parent="U1-WL")) == {"U1-WL-JG", "U1-WL-XS"}
    assert api(cast.organiser, "/api/orgs/", kind="nonsense").status_code == 422


def test_org_list_parent_outside_scope_is_404(cast, api):
    assert api(cast.sibling_secretary, "/api/orgs/", parent=cast.branch.code).status_code == 404
    assert api(cast.sibling_secretary, "/api/orgs/", parent="NO-SUCH").status_code == 404
    assert api(cast.secretary, "/api/orgs/", parent=cast.school.code).status_code == 404


def test_org_list_hides_parents_outside_scope(cast, api):
    items = {o["code"]: o for o in api(cast.organiser, "/api/orgs/").json()["items"]}
    assert items["U1"]["parent_code"] is None  # 市委教育工委 is above the organiser's scope
    assert items["U1-WL"]["parent_code"] == "U1"
    items = {o["code"]: o for o in api(cast.reviewer, "/api/orgs/").json()["items"]}
    assert items["U1"]["parent_code"] == "M-JYGW"


@pytest.mark.parametrize(
    "who, status", [("secretary", 200), ("member_user", 200), ("sibling_secretary", 404), ("organiser", 200),
                    ("reviewer", 200), ("admin", 200)],
)
def test_org_detail_is_scoped(cast, api, who, status):
    assert api(getattr(cast, who), f"/api/orgs/{cast.branch.code}").status_code == status


def test_org_detail_out_of_scope_looks_like_nonexistent(cast, api):
    hidden = api(cast.sibling_secretary, f"/api/orgs/{cast.branch.code}")
    missing = api(cast.sibling_secretary, "/api/orgs/NO-SUCH")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_org_detail_content(cast, api):
    services.honour_add(by=None, org=cast.branch, title="全国党建工作样板支部", year=2021, level="national",
                        awarded_by="教育部")
    data = api(cast.organiser, f"/api/orgs/{cast.branch.code}").json()
    assert data["code"] == "U1-WL-JG"
    assert data["kind"] == "branch" and data["kind_label"] == "党支部"
    assert data["parent_code"] == "U1-WL"
    assert data["depth"] == cast.branch.depth == 4
    assert data["honours"] == [{"title": "全国党建工作样板支部", "year": 2021, "level": "national",
                                "level_label": "全国", "awarded_by": "教育部"}]
    assert [(p["member_name"], p["kind"]) for p in data["committee"]] == [("陈立华", "secretary")]
    assert data["committee"][0]["started_on"] == timezone.localdate().isoformat()
    assert data["member_stats"] == {"activist": 0, "candidate": 0, "probationary": 0, "full": 2, "total": 2}
    school = api(cast.organiser, f"/api/orgs/{cast.school.code}").json()
    assert school["member_stats"]["total"] == 3
    assert school["member_stats"]["probationary"] == 1


def test_org_detail_for_a_member_of_the_branch_hides_parent(cast, api):
    data = api(cast.member_user, f"/api/orgs/{cast.branch.code}").json()
    assert data["parent_code"] is None


# --- members -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [
        ("secretary", {"陈立华", "周敏"}),
        ("member_user", {"陈立华", "周敏"}),
        ("sibling_secretary", {"林晓"}),
        ("organiser", ALL_NAMES),
        ("reviewer", ALL_NAMES),
        ("admin", ALL_NAMES),
    ],
)
def test_member_list_is_scoped(cast, api, who, expected):
    assert _names(api(getattr(cast, who), "/api/members/")) == expected


@pytest.mark.parametrize("who", CAST)
def test_member_list_never_carries_full_personal_data(cast, api, who):
    response = api(getattr(cast, who), "/api/members/")
    body = response.content.decode()
    for member in Member.objects.all():
        assert member.id_number not in body
        assert member.phone not in body
    for item in response.json()["items"]:
        assert "id_number" not in item and "phone" not in item and "birth_date" not in item
        assert re.fullmatch(r"\d{4}\*{10}[\dX]{4}", item["id_number_masked"])
        assert re.fullmatch(r"\d{3}\*{4}\d{4}", item["phone_masked"])


def test_member_list_content(cast, api):
    items = {m["name"]: m for m in api(cast.secretary, "/api/members/").json()["items"]}
    zhou, chen = items["周敏"], items["陈立华"]
    assert zhou["org_code"] == "U1-WL-JG" and zhou["group_code"] == "U1-WL-JG-1"
    assert zhou["status"] == "full" and zhou["status_label"] == "正式党员"
    assert zhou["joined_on"] == "2012-06-01"
    assert zhou["positions"] == []
    assert chen["group_code"] is None
    assert [(p["org_code"], p["kind"], p["kind_label"]) for p in chen["positions"]] == [
        ("U1-WL-JG", "secretary", "书记")
    ]


def test_member_list_shows_only_current_positions(cast, api):
    position = Position.objects.get(member=cast.sec_member)
    services.position_end(by=None, position=position)
    chen = next(m for m in api(cast.secretary, "/api/members/").json()["items"] if m["name"] == "陈立华")
    assert chen["positions"] == []


def test_member_list_filters(cast, api):
    assert _names(api(cast.organiser, "/api/members/", org=cast.school.code)) == {"陈立华", "周敏", "林晓"}
    assert _names(api(cast.organiser, "/api/members/", org=cast.sibling.code)) == {"林晓"}
    assert _names(api(cast.organiser, "/api/members/", status="probationary")) == {"林晓"}
    assert _names(api(cast.organiser, "/api/members/", occupation="student")) == {"林晓"}
    assert _names(api(cast.organiser, "/api/members/", q="物流")) == {"林晓"}
    assert _names(api(cast.organiser, "/api/members/", q="高")) == {"高峰"}
    assert _names(api(cast.organiser, "/api/members/", org="U1", status="full", occupation="teacher")) == {
        "陈立华", "周敏", "高峰"
    }
    assert api(cast.organiser, "/api/members/", status="member").status_code == 422


def test_member_list_org_filter_outside_scope_is_404(cast, api):
    assert api(cast.sibling_secretary, "/api/members/", org=cast.branch.code).status_code == 404
    assert api(cast.sibling_secretary, "/api/members/", org=cast.university.code).status_code == 404
    assert api(cast.secretary, "/api/members/", org=cast.sibling.code).status_code == 404
    assert api(cast.secretary, "/api/members/", org="NO-SUCH").status_code == 404


def test_member_list_leaves_out_deleted_members(cast, api):
    services.member_delete(by=None, member=cast.plain_member)
    assert _names(api(cast.secretary, "/api/members/")) == {"陈立华"}
    assert api(cast.secretary, f"/api/members/{cast.plain_member.pk}").status_code == 404


@pytest.mark.parametrize(
    "who, status, unmasked",
    [
        ("secretary", 200, True),
        ("member_user", 200, False),
        ("sibling_secretary", 404, None),
        ("organiser", 200, True),
        ("reviewer", 200, False),
        ("admin", 200, True),
    ],
)
def test_member_detail_personal_data(cast, api, who, status, unmasked):
    member = cast.plain_member
    response = api(getattr(cast, who), f"/api/members/{member.pk}")
    assert response.status_code == status
    if status != 200:
        return
    data = response.json()
    assert data["id_number_masked"] == member.id_number[:4] + "*" * 10 + member.id_number[-4:]
    assert data["phone_masked"] == member.phone[:3] + "****" + member.phone[-4:]
    assert data["group_code"] == "U1-WL-JG-1"
    if unmasked:
        assert data["id_number"] == member.id_number
        assert data["phone"] == member.phone
        assert data["birth_date"] == member.birth_date.isoformat()
    else:
        assert data["id_number"] is None and data["phone"] is None and data["birth_date"] is None
        assert member.id_number not in response.content.decode()
        assert member.phone not in response.content.decode()


def test_member_detail_lists_current_positions(cast, api):
    data = api(cast.secretary, f"/api/members/{cast.sec_member.pk}").json()
    assert [(p["org_code"], p["kind"]) for p in data["positions"]] == [("U1-WL-JG", "secretary")]


def test_member_detail_out_of_scope_looks_like_nonexistent(cast, api):
    hidden = api(cast.sibling_secretary, f"/api/members/{cast.plain_member.pk}")
    missing = api(cast.sibling_secretary, "/api/members/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert api(cast.secretary, f"/api/members/{cast.other_member.pk}").status_code == 404


# --- pagination ----------------------------------------------------------------------------------


def test_pagination_walks_every_page(cast, api, client):
    MemberFactory.create_batch(7, org=cast.sibling)
    first = api(cast.organiser, "/api/members/", page_size=3).json()
    assert (first["count"], first["page"], first["page_size"], first["previous"]) == (11, 1, 3, None)
    seen, page, pages = [], first, 0
    _, key = token_create(user=cast.organiser, name="walk")
    while True:
        pages += 1
        seen += [m["id"] for m in page["items"]]
        if page["next"] is None:
            break
        assert "page_size=3" in page["next"]
        page = client.get(page["next"], headers={"Authorization": f"Bearer {key}"}).json()
        assert page["previous"] is not None
    assert pages == 4
    assert len(seen) == len(set(seen)) == 11
    assert seen == list(
        Member.objects.order_by("org_path", "name", "id").values_list("id", flat=True)
    )


def test_pagination_keeps_filters_in_links(cast, api):
    data = api(cast.organiser, "/api/orgs/", kind="branch", page_size=1, page=2).json()
    assert data["count"] == 3
    assert "kind=branch" in data["next"] and "page=3" in data["next"]
    assert "kind=branch" in data["previous"] and "page=1" in data["previous"]


def test_pagination_bounds(cast, api):
    data = api(cast.organiser, "/api/members/", page_size=1000).json()
    assert data["page_size"] == 200
    past = api(cast.organiser, "/api/members/", page=9).json()
    assert past["items"] == [] and past["next"] is None and past["count"] == 4
    assert "page=1" in past["previous"]
    assert api(cast.organiser, "/api/members/", page=0).status_code == 422
    assert api(cast.organiser, "/api/members/", page_size=0).status_code == 422


# --- bounded queries -----------------------------------------------------------------------------


def _grow(cast, members: int) -> None:
    """Add branches with groups, members and office holders under the cast's university."""
    per_branch = 10
    for _ in range(members // per_branch):
        branch = OrgFactory(parent=cast.other_school)
        group = OrgFactory(parent=branch, kind=Org.Kind.GROUP)
        batch = MemberFactory.create_batch(per_branch, org=branch)
        for m in batch[:3]:
            services.member_update(by=None, member=m, group=group)
        services.position_assign(by=None, member=batch[0], org=branch, kind=Position.Kind.SECRETARY)
        services.position_assign(by=None, member=batch[1], org=branch, kind=Position.Kind.COMMITTEE_MEMBER,
                                 title="组织委员")
        services.position_assign(by=None, member=batch[2], org=group, kind=Position.Kind.GROUP_LEADER)


def _request_queries(client, user, url, **params) -> tuple[int, dict]:
    _, key = token_create(user=user, name="count")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/members/", {"page_size": 200}),
        ("/api/members/", {"org": "U1", "page_size": 200}),
        ("/api/orgs/", {"page_size": 200}),
        ("/api/orgs/", {"parent": "U1-JG", "page_size": 200}),
    ],
)
def test_list_queries_do_not_grow_with_data(cast, client, url, params):
    _grow(cast, 10)
    small, small_data = _request_queries(client, cast.organiser, url, **params)
    _grow(cast, 100)
    large, large_data = _request_queries(client, cast.organiser, url, **params)
    assert large_data["count"] > small_data["count"]
    assert small == large
    # token look-up, last-used touch, roles, [filter org], count, page, [positions]
    assert large <= 7


def test_member_list_at_5_and_100_members_same_queries(cast, client):
    _grow(cast, 10)  # 14 members
    small, small_data = _request_queries(client, cast.organiser, "/api/members/", page_size=5)
    _grow(cast, 90)
    large, large_data = _request_queries(client, cast.organiser, "/api/members/", page_size=100)
    assert (len(small_data["items"]), len(large_data["items"])) == (5, 100)
    assert any(m["positions"] for m in large_data["items"]) and any(m["group_code"] for m in large_data["items"])
    assert small == large


def test_detail_queries_are_bounded(cast, client):
    branch = OrgFactory(parent=cast.other_school)
    members = MemberFactory.create_batch(30, org=branch)
    for i, kind in enumerate([Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY]):
        services.position_assign(by=None, member=members[i], org=branch, kind=kind)
    for m in members[2:8]:
        services.position_assign(by=None, member=m, org=branch, kind=Position.Kind.COMMITTEE_MEMBER)
    for year in range(2015, 2025):
        services.honour_add(by=None, org=branch, title=f"先进基层党组织{year}", year=year, level="university")
    n, data = _request_queries(client, cast.organiser, f"/api/orgs/{branch.code}")
    assert len(data["committee"]) == 8 and len(data["honours"]) == 10
    # token, touch, roles, org, committee, stats, honours
    assert n <= 7
    n, data = _request_queries(client, cast.organiser, f"/api/members/{members[0].pk}")
    assert data["positions"]
    # token, touch, roles, member, positions
    assert n <= 5


# --- OpenAPI and docs ----------------------------------------------------------------------------


def test_openapi_lists_the_paths(client, db):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/orgs/", "/api/orgs/{code}", "/api/members/", "/api/members/{member_id}"} <= set(schema["paths"])
    members = schema["paths"]["/api/members/"]["get"]
    assert members["summary"] == "党员列表"
    assert {p["name"] for p in members["parameters"]} >= {"org", "status", "occupation", "q", "page", "page_size"}
    paged = schema["components"]["schemas"]["PagedMemberOut"]["properties"]
    assert set(paged) == {"count", "page", "page_size", "next", "previous", "items"}
    member_out = schema["components"]["schemas"]["MemberOut"]["properties"]
    assert "id_number" not in member_out and "phone" not in member_out
    assert "bearer" in str(schema["components"]["securitySchemes"]).lower()


def test_docs_are_served_without_a_cdn(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    assert "//cdn" not in html and "unpkg" not in html and "jsdelivr" not in html
    assert '"validatorUrl": null' in html
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
