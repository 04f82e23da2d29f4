"""The cast on every org and member page: who sees what, who may change what, and bounded queries."""

import pytest
from django.urls import reverse

from zhibu.core.models import AuditEntry
from zhibu.orgs.factories import MemberFactory
from zhibu.orgs.models import Member

pytestmark = pytest.mark.django_db


def _get(login, user, url):
    return login(user).get(url)


@pytest.mark.parametrize(
    "who, status",
    [("secretary", 200), ("member_user", 200), ("organiser", 200), ("reviewer", 200), ("admin", 200),
     ("sibling_secretary", 404)],
)
def test_branch_page_is_scoped(cast, login, who, status):
    response = _get(login, getattr(cast, who), reverse("orgs:org_detail", args=[cast.branch.code]))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "物流管理专业教工党支部" in body
        assert "陈立华" in body and "周敏" in body


def test_anonymous_is_sent_to_login(cast, client):
    for url in [reverse("orgs:org_detail", args=[cast.branch.code]), reverse("orgs:member_list"),
                reverse("orgs:member_detail", args=[cast.plain_member.pk]), reverse("home")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "who, unmasked",
    [("secretary", True), ("organiser", True), ("admin", True), ("member_user", False), ("reviewer", False)],
)
def test_personal_data_is_masked_for_those_who_dont_need_it(cast, login, who, unmasked):
    m = cast.plain_member
    masked_id = m.id_number[:4] + "*" * 10 + m.id_number[-4:]
    for url in [reverse("orgs:member_detail", args=[m.pk]), reverse("orgs:org_detail", args=[cast.branch.code]),
                reverse("orgs:member_list")]:
        body = _get(login, getattr(cast, who), url).content.decode()
        assert (m.id_number in body) is unmasked, url
        assert (m.phone in body) is unmasked, url
        assert masked_id in body or unmasked, url


def test_member_detail_outside_scope_is_404(cast, login):
    url = reverse("orgs:member_detail", args=[cast.plain_member.pk])
    assert _get(login, cast.sibling_secretary, url).status_code == 404
    assert _get(login, cast.sibling_secretary, reverse("orgs:member_detail", args=[999999])).status_code == 404


def test_member_list_shows_only_the_scope(cast, login):
    body = _get(login, cast.sibling_secretary, reverse("orgs:member_list")).content.decode()
    assert "林晓" in body and "周敏" not in body and "高峰" not in body
    body = _get(login, cast.organiser, reverse("orgs:member_list") + "?status=probationary").content.decode()
    assert "林晓" in body and "周敏" not in body


def test_member_list_filter_by_org_outside_scope_is_404(cast, login):
    response = _get(login, cast.sibling_secretary, reverse("orgs:member_list") + f"?org={cast.branch.code}")
    assert response.status_code == 404


def test_read_only_roles_cannot_edit(cast, login):
    url = reverse("orgs:member_edit", args=[cast.plain_member.pk])
    assert _get(login, cast.reviewer, url).status_code == 403
    assert _get(login, cast.member_user, url).status_code == 403
    assert _get(login, cast.sibling_secretary, url).status_code == 404
    assert _get(login, cast.secretary, url).status_code == 200


def test_edit_writes_history_readable_on_the_page(cast, login):
    client = login(cast.secretary)
    m = cast.plain_member
    data = {
        "name": m.name, "gender": m.gender, "birth_date": "1990-03-07", "id_number": m.id_number,
        "phone": "13911112222", "status": "full", "joined_on": "2012-06-01", "full_on": "2013-06-01",
        "occupation": "teacher", "major": "", "class_year": "", "group": "", "note": "调入教研室",
    }
    response = client.post(reverse("orgs:member_edit", args=[m.pk]), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(m.pk), action="update").latest("at")
    assert entry.actor == cast.secretary
    assert entry.changes["note"] == ["", "调入教研室"]
    assert entry.changes["phone"][1] == "139****2222"  # history keeps personal data masked
    body = client.get(reverse("orgs:member_detail", args=[m.pk])).content.decode()
    assert "调入教研室" in body and "备注" in body


def test_bad_form_input_is_reshown_with_a_chinese_message(cast, login):
    client = login(cast.secretary)
    response = client.post(reverse("orgs:member_create") + f"?org={cast.branch.code}", {
        "org": cast.branch.pk, "name": "新党员", "gender": "male", "id_number": "110101199003071230",
        "phone": "12345", "status": "full", "occupation": "teacher",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "校验位错误" in body and "110101199003071230" in body
    assert "电话号码" in body
    assert not Member.objects.filter(name="新党员").exists()


def test_create_member_and_duplicate_id_is_refused(cast, login):
    client = login(cast.secretary)
    url = reverse("orgs:member_create") + f"?org={cast.branch.code}"
    data = {"org": cast.branch.pk, "name": "新党员", "gender": "male", "id_number": cast.other_member.id_number,
            "phone": "13800001111", "status": "full", "joined_on": "2015-01-01", "full_on": "2016-01-01",
            "occupation": "teacher"}
    response = client.post(url, data)
    assert response.status_code == 200 and "身份证号已登记" in response.content.decode()
    data["id_number"] = "11010119850101002X" if False else _valid_id()
    response = client.post(url, data)
    assert response.status_code == 302
    created = Member.objects.get(name="新党员")
    assert created.org_path == cast.branch.path
    assert AuditEntry.objects.filter(object_id=str(created.pk), action="create", actor=cast.secretary).exists()


def _valid_id() -> str:
    import datetime as dt

    from zhibu.core.personal import make_id_number

    return make_id_number("110108", dt.date(1985, 1, 1), 7)


def test_secretary_cannot_create_members_in_a_sibling_branch(cast, login):
    client = login(cast.secretary)
    response = client.post(reverse("orgs:member_create"), {
        "org": cast.sibling.pk, "name": "越权", "gender": "male", "id_number": _valid_id(),
        "status": "activist", "occupation": "teacher",
    })
    assert response.status_code == 200  # the sibling branch is not a choice: form error, nothing created
    assert not Member.objects.filter(name="越权").exists()


def test_soft_delete_and_restore(cast, login):
    client = login(cast.secretary)
    m = cast.plain_member
    assert client.post(reverse("orgs:member_delete", args=[m.pk]), {"reason": "重复登记"}).status_code == 302
    assert not Member.objects.filter(pk=m.pk).exists()
    assert Member.all_objects.filter(pk=m.pk, deleted_by=cast.secretary).exists()
    assert "周敏" in client.get(reverse("orgs:member_trash")).content.decode()
    # readers of the branch no longer see it; outsiders never did
    assert _get(login, cast.reviewer, reverse("orgs:member_detail", args=[m.pk])).status_code == 404
    client = login(cast.secretary)
    assert client.post(reverse("orgs:member_restore", args=[m.pk])).status_code == 302
    assert Member.objects.filter(pk=m.pk).exists()
    actions = list(AuditEntry.objects.filter(object_id=str(m.pk)).values_list("action", flat=True))
    assert "delete" in actions and "restore" in actions


def test_restore_by_outsider_is_404(cast, login):
    from zhibu.orgs.services import member_delete

    member_delete(by=cast.secretary, member=cast.plain_member)
    client = login(cast.sibling_secretary)
    assert client.post(reverse("orgs:member_restore", args=[cast.plain_member.pk])).status_code == 404
    assert "周敏" not in client.get(reverse("orgs:member_trash")).content.decode()


def test_transfer_keeps_history_and_ends_positions(cast, login):
    client = login(cast.organiser)
    m = cast.sec_member
    response = client.post(reverse("orgs:member_transfer", args=[m.pk]),
                           {"to_org": cast.other_branch.code, "transferred_on": "2026-09-01", "reason": "工作调动"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.org == cast.other_branch and m.org_path == cast.other_branch.path
    assert not m.positions.filter(ended_on__isnull=True).exists()
    body = client.get(reverse("orgs:member_detail", args=[m.pk])).content.decode()
    assert "物流管理专业教工党支部 → 工商管理教工党支部" in body
    # the old branch's secretary no longer sees the member
    assert _get(login, cast.secretary, reverse("orgs:member_detail", args=[m.pk])).status_code == 404


def test_secretary_cannot_transfer_into_a_branch_they_dont_manage(cast, login):
    client = login(cast.secretary)
    response = client.post(reverse("orgs:member_transfer", args=[cast.plain_member.pk]),
                           {"to_org": cast.sibling.code, "transferred_on": "2026-09-01"})
    assert response.status_code == 200
    assert "没有找到" in response.content.decode()
    cast.plain_member.refresh_from_db()
    assert cast.plain_member.org == cast.branch


def test_org_tree_and_children(cast, login):
    client = login(cast.organiser)
    body = client.get(reverse("orgs:org_tree")).content.decode()
    assert "中共示例大学委员会" in body and "市委组织部" not in body
    body = client.get(reverse("orgs:org_children", args=[cast.school.code])).content.decode()
    assert "物流管理专业教工党支部" in body and "物流管理专业学生党支部" in body
    assert login(cast.sibling_secretary).get(reverse("orgs:org_children", args=[cast.school.code])).status_code == 404
    body = login(cast.organiser).get(reverse("orgs:org_tree") + "?q=学生").content.decode()
    assert "物流管理专业学生党支部" in body


def test_org_edit_and_history(cast, login):
    client = login(cast.organiser)
    b = cast.branch
    response = client.post(reverse("orgs:org_edit", args=[b.code]), {
        "name": b.name, "short_name": "物流教工支部", "code": b.code, "kind": "branch", "category": "faculty",
        "established_on": "2006-09-10", "term_start": "2024-06-01", "term_end": "2027-06-01",
        "description": "", "sort_order": 0,
    })
    assert response.status_code == 302
    body = client.get(reverse("orgs:org_history", args=[b.code])).content.decode()
    assert "物流教工支部" in body and "简称" in body
    assert login(cast.reviewer).get(reverse("orgs:org_edit", args=[b.code])).status_code == 403


def test_honour_add(cast, login):
    client = login(cast.secretary)
    client.post(reverse("orgs:honour_create", args=[cast.branch.code]),
                {"title": "全国党建工作样板支部", "year": 2019, "level": "national", "awarded_by": "教育部"})
    body = client.get(reverse("orgs:org_detail", args=[cast.branch.code])).content.decode()
    assert "2019年 全国党建工作样板支部" in body
    assert login(cast.reviewer).post(reverse("orgs:honour_create", args=[cast.branch.code]),
                                     {"title": "x", "year": 2020, "level": "school"}).status_code == 403


def _queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["orgs:org_detail", "orgs:member_list", "orgs:member_detail", "home"])
def test_query_count_does_not_grow_with_members(cast, login, url_name, django_assert_max_num_queries):
    args = {"orgs:org_detail": [cast.branch.code], "orgs:member_detail": [cast.plain_member.pk]}.get(url_name, [])
    url = reverse(url_name, args=args)
    client = login(cast.secretary)
    before = _queries(client, url, django_assert_max_num_queries)
    for i in range(40):
        MemberFactory(org=cast.branch, name=f"党员{i}", group=cast.group if i % 2 else None)
    after = _queries(client, url, django_assert_max_num_queries)
    assert after == before, (before, after)
    assert before <= 20


def test_member_list_of_a_group_lists_its_members(cast, login):
    body = login(cast.organiser).get(reverse("orgs:member_list") + f"?org={cast.group.code}").content.decode()
    assert "周敏" in body and "陈立华" not in body


def _bulk_members(branch, count: int, start: int) -> None:
    import datetime as dt

    from zhibu.core.personal import make_id_number

    rows = []
    for i in range(start, start + count):
        rows.append(Member(
            org=branch, org_path=branch.path, name=f"批量{i}", gender="male",
            id_number=make_id_number(f"3201{i // 1000 % 100:02d}", dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                                     i % 1000),
            status="full", joined_on=dt.date(2010, 1, 1), full_on=dt.date(2011, 1, 1), occupation="teacher",
        ))
    Member.objects.bulk_create(rows, batch_size=2000)


@pytest.mark.parametrize("url_name", ["orgs:org_detail", "orgs:member_list"])
def test_same_queries_at_20_and_20000_members(cast, login, url_name):
    """The issue's number: the branch page and the member list at 20 members and at 20,000."""
    url = reverse(url_name, args=[cast.branch.code] if url_name == "orgs:org_detail" else [])
    client = login(cast.secretary)
    _bulk_members(cast.branch, 18, 0)  # the cast's 2 + 18 = 20
    assert Member.objects.filter(org=cast.branch).count() == 20
    at_20 = _queries(client, url, None)
    _bulk_members(cast.branch, 19_980, 1_000)
    assert Member.objects.filter(org=cast.branch).count() == 20_000
    at_20000 = _queries(client, url, None)
    assert at_20000 == at_20


def test_lookup_by_id_number_only_where_personal_data_is_open(cast, login):
    url = reverse("orgs:member_list") + f"?q={cast.plain_member.id_number}"
    assert "周敏" in _get(login, cast.secretary, url).content.decode()
    assert "周敏" not in _get(login, cast.reviewer, url).content.decode()
    assert "周敏" not in _get(login, cast.member_user, url).content.decode().split("member-table")[1]
