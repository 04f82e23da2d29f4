"""The last-mile board as Excel: Chinese headers, a frozen header row, graduates still seeking with their help
records, phones and ID numbers masked unless the user holds a full role there; a bounded number of queries."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhibu.careers import services_graduates
from zhibu.careers.factories import GraduateFactory
from zhibu.careers.models import Graduate
from zhibu.core.personal import mask_id_number, mask_phone

pytestmark = pytest.mark.django_db
URL = "/careers/last-mile/export.xlsx"


def _book(client, url=URL):
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(r.content))


def _rows(ws):
    header, *rows = list(ws.iter_rows(values_only=True))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def helped(car, cast):
    """李明 is a party member (with an ID number) whose helper logged two contacts."""
    services_graduates.graduate_update(by=None, graduate=car.alice, member=cast.plain_member)
    for day, note in ((dt.date(2022, 7, 1), "电话了解求职意向"), (dt.date(2022, 7, 8), "推荐两家物流企业")):
        services_graduates.helper_contact_add(
            by=None, graduate=car.alice, contacted_on=day, note=note, next_step="跟进面试"
        )
    return Graduate.objects.get(pk=car.alice.pk)


def test_the_board_links_to_the_export(car, cast, login):
    assert URL in login(cast.secretary).get(reverse("careers:last_mile")).content.decode()


def test_the_secretary_exports_seekers_with_their_help_records(helped, car, cast, login):
    wb = _book(login(cast.secretary))
    ws = wb["仍在求职的毕业生"]
    assert ws.freeze_panes == "A2"
    header, rows = _rows(ws)
    assert (
        header[:4] == ("序号", "姓名", "学号", "所属组织")
        and "身份证号码" in header
        and "帮扶记录数" in header
    )
    by_number = {r["学号"]: r for r in rows}
    assert set(by_number) == {"2018010101", "2018010102"}  # 张晨 is placed, 高远 is another school's
    alice = by_number["2018010101"]
    assert alice["手机号码"] == helped.phone and alice["身份证号码"] == cast.plain_member.id_number
    assert alice["帮扶党员"] == "周敏" and alice["帮扶记录数"] == 2 and alice["最近联系"] == "2022-07-08"
    assert by_number["2018010102"]["帮扶党员"] == "未指定"
    contacts = wb["帮扶记录"]
    assert contacts.freeze_panes == "A2"
    header, rows = _rows(contacts)
    assert header == ("学号", "姓名", "联系日期", "情况", "下一步", "记录人")
    assert [(r["学号"], r["联系日期"], r["情况"]) for r in rows] == [
        ("2018010101", "2022-07-08", "推荐两家物流企业"),
        ("2018010101", "2022-07-01", "电话了解求职意向"),
    ]


def test_read_only_roles_get_phones_and_id_numbers_masked(helped, car, cast, login):
    for user in (cast.member_user, cast.reviewer):
        _, rows = _rows(_book(login(user))["仍在求职的毕业生"])
        alice = next(r for r in rows if r["学号"] == "2018010101")
        assert alice["手机号码"] == mask_phone(helped.phone) != helped.phone
        assert alice["身份证号码"] == mask_id_number(cast.plain_member.id_number)
        assert alice["帮扶党员电话"] == mask_phone(cast.plain_member.phone)
        assert "****" in alice["手机号码"]


def test_outsiders_export_nothing_of_the_school(helped, car, cast, far, login):
    _, rows = _rows(_book(login(far))["仍在求职的毕业生"])
    assert [r["学号"] for r in rows] == ["2018020101"]  # only their own school's 高远
    assert login(far).get(URL + "?org=U1-WL-JG").status_code == 404
    _, rows = _rows(_book(login(cast.secretary), URL + "?stale=1")["仍在求职的毕业生"])
    assert {r["学号"] for r in rows} == {"2018010101", "2018010102"}  # last contact long ago


def test_the_export_runs_a_bounded_number_of_queries(helped, car, cast, login, django_assert_max_num_queries):
    client = login(cast.secretary)
    for start, size in ((0, 3), (100, 40)):
        for i in range(start, start + size):
            g = GraduateFactory(
                org=cast.branch,
                student_number=f"2021{i:06d}",
                helper=cast.plain_member,
                member=cast.sec_member if i % 2 else None,
            )
            services_graduates.helper_contact_add(
                by=None, graduate=g, contacted_on=dt.date(2022, 7, 2), note="联系"
            )
        with django_assert_max_num_queries(6):
            wb = _book(client)
        assert len(_rows(wb["帮扶记录"])[1]) == 2 + (3 if start == 0 else 43)
