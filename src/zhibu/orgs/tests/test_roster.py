"""The member roster in Excel: template, all-or-nothing import (web and command line), export."""

import datetime as dt
import io
import itertools
import re
import zipfile
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from zhibu.core.models import AuditEntry
from zhibu.core.personal import id_check_char, make_id_number
from zhibu.orgs import roster, services
from zhibu.orgs.factories import OrgFactory
from zhibu.orgs.models import Member, Org, Position

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in roster.COLUMNS]
_orders = itertools.count(1)


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.UPLOAD_ROOT = tmp_path / "uploads"
    return settings.UPLOAD_ROOT


def person(org: str = "U1-WL-JG", **over) -> dict:
    """A valid roster row (by header) for a faculty member; the ID number's sex matches 性别."""
    n = next(_orders)
    birth = dt.date(1980 + n % 20, 1 + n % 12, 1 + n % 28)
    row = {
        "支部编码": org, "姓名": f"测试{n}", "性别": "男" if n % 2 else "女",
        "身份证号": make_id_number("320102", birth, n % 1000), "手机号码": f"138{n:08d}",
        "政治面貌": "正式党员", "入党日期": dt.date(2005, 6, 1), "转正日期": "2006/6/1", "身份": "教师",
    }
    row.update(over)
    return row


def book(rows: list[dict], headers: list[str] = HEADERS, title_row: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = roster.SHEET_TITLE
    if title_row:
        ws.append([title_row])
    ws.append(headers)
    for r in rows:
        ws.append([r.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def bad_check_digit(id_number: str) -> tuple[str, str]:
    right = id_check_char(id_number[:17])
    wrong = "0" if right != "0" else "1"
    return id_number[:17] + wrong, right


def upload(client, data: bytes, name: str = "名册.xlsx"):
    return client.post(reverse("orgs:roster_import"), {"file": _file(data, name)})


def _file(data: bytes, name: str):
    f = io.BytesIO(data)
    f.name = name
    return f


def messages_of(result) -> list[str]:
    return [str(e) for e in result.errors]


# --- the template --------------------------------------------------------------------------------


def test_template_is_a_workbook_with_headers_dropdowns_and_codes(cast, login):
    response = login(cast.secretary).get(reverse("orgs:roster_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb[roster.SHEET_TITLE]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws.freeze_panes == "A2"
    lists = {next(iter(dv.sqref.ranges)).coord.split(":")[0][:-1]: dv.formula1 for dv in ws.data_validations.dataValidation}
    col = {c.header: c.letter for c in roster.COLUMNS}
    assert "入党积极分子" in lists[col["政治面貌"]] and "正式党员" in lists[col["政治面貌"]]
    assert lists[col["性别"]] == '"男,女"'  # typography: ascii (Excel's list formula)
    assert "管理服务人员" in lists[col["身份"]] and "书记" in lists[col["职务"]]
    assert roster.CODES_SHEET_TITLE in lists[col["支部编码"]]
    assert ws.column_dimensions[col["入党日期"]].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions[col["身份证号"]].number_format == "@"
    assert roster.HELP_SHEET_TITLE in wb.sheetnames
    codes = [r[0] for r in wb[roster.CODES_SHEET_TITLE].iter_rows(min_row=2, values_only=True)]
    assert codes == ["U1-WL-JG"]  # only what the secretary may import into
    group_codes = [r[3] for r in wb[roster.CODES_SHEET_TITLE].iter_rows(min_row=2, values_only=True)]
    assert group_codes == ["U1-WL-JG-1"]


def test_the_instruction_sheets_example_is_a_valid_row(cast):
    example = {roster.COLUMN_BY_KEY[k].header: v for k, v in roster.EXAMPLE_ROW.items()}
    result = roster.roster_parse(book([example]), user=cast.secretary)
    assert result.ok and not result.warnings, messages_of(result)


def test_an_empty_template_is_an_error_not_an_import(cast):
    result = roster.roster_parse(roster.roster_template_workbook(), user=cast.secretary)
    assert not result.ok
    assert messages_of(result) == ["第1行：表头下面没有党员数据"]


# --- the web flow --------------------------------------------------------------------------------


def test_a_good_file_imports_in_one_go(cast, login):
    client = login(cast.secretary)
    rows = [
        person(**{"党小组编码": "U1-WL-JG-1", "职务": "党小组组长"}),
        person(**{"职务": "组织委员、宣传委员"}),
        person(**{"政治面貌": "预备党员", "转正日期": None, "入党日期": "2024年7月1日", "身份": "学生",
                  "专业": "物流管理", "年级": "2022级"}),
        person(**{"政治面貌": "入党积极分子", "入党日期": None, "转正日期": None, "性别": None, "出生日期": None}),
    ]
    response = upload(client, book(rows))
    assert response.status_code == 302
    preview = response["Location"]
    page = client.get(preview).content.decode()
    assert 'id="roster-errors"' not in page
    assert re.search(r'id="roster-confirm"\s*>', page)  # enabled
    assert "校验通过：共4名党员" in page

    response = client.post(preview)
    assert response.status_code == 302 and response["Location"] == reverse("orgs:member_list")
    assert "已导入4名党员" in [str(m) for m in client.get(reverse("orgs:member_list")).context["messages"]]
    imported = Member.objects.filter(id_number__in=[r["身份证号"] for r in rows])
    assert imported.count() == 4
    assert {m.org_path for m in imported} == {cast.branch.path}
    leader = imported.get(id_number=rows[0]["身份证号"])
    assert leader.group == cast.group
    assert Position.objects.get(member=leader).org == cast.group
    student = imported.get(id_number=rows[2]["身份证号"])
    assert (student.status, student.joined_on, student.class_year) == ("probationary", dt.date(2024, 7, 1), 2022)
    activist = imported.get(id_number=rows[3]["身份证号"])
    assert activist.birth_date and activist.gender  # taken from the ID number
    titles = sorted(Position.objects.filter(member__id_number=rows[1]["身份证号"]).values_list("title", flat=True))
    assert titles == ["宣传委员", "组织委员"]
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT, object_id__in=[str(m.pk) for m in imported])
    assert entries.count() == 4
    entry = entries.get(object_id=str(leader.pk))
    assert entry.actor == cast.secretary and entry.org_path == cast.branch.path
    assert entry.changes["id_number"][1] != leader.id_number  # history keeps ID numbers masked
    assert "党小组组长" in entry.changes["positions"][1]
    assert client.post(preview).status_code == 404  # the upload is gone: a second click imports nothing


def test_one_bad_row_imports_nothing_and_names_row_and_column(cast, login):
    client = login(cast.secretary)
    bad, right = bad_check_digit(person()["身份证号"])
    rows = [person(), person(), person(**{"身份证号": bad})]
    preview = upload(client, book(rows))["Location"]
    page = client.get(preview).content.decode()
    assert "文件中有1处错误，未导入任何数据，请修改后重新上传" in page
    assert 'id="roster-errors"' in page and re.search(r'id="roster-confirm"\s+disabled', page)
    assert "第4行" in page and f"身份证号码校验位错误（应为{right}）" in page
    assert "zb-error-row" in page and "zb-error-cell" in page

    before = Member.objects.count()
    response = client.post(preview)
    assert response.status_code == 200
    assert "未导入任何数据" in response.content.decode()
    assert Member.objects.count() == before

    result = roster.roster_parse(book(rows), user=cast.secretary)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(4, "身份证号", bad)]
    with pytest.raises(Exception, match="未导入任何数据"):
        roster.roster_import(result, by=cast.secretary)
    assert Member.objects.count() == before


def test_duplicate_id_numbers_within_the_file_and_in_the_database(cast):
    twin = person()
    rows = [twin, person(), dict(person(), **{"身份证号": twin["身份证号"].lower()}),
            person(**{"身份证号": cast.plain_member.id_number}),
            person(**{"身份证号": cast.sibling_member.id_number})]
    result = roster.roster_parse(book(rows), user=cast.secretary)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "身份证号", "与第2行的身份证号码重复"),
        (5, "身份证号", "该身份证号码已登记在“物流管理专业教工党支部”的党员名下"),
        # Registered in a branch outside the uploader's scope: not named.
        (6, "身份证号", "该身份证号码已被登记"),
    ]


def test_a_soft_deleted_members_id_number_may_be_registered_again(cast):
    services.member_delete(by=None, member=cast.plain_member)
    result = roster.roster_parse(book([person(**{"身份证号": cast.plain_member.id_number})]), user=cast.secretary)
    assert result.ok


def test_unknown_branch_and_branch_outside_the_scope_read_the_same(cast):
    rows = [person(org="NO-SUCH"), person(org=cast.sibling.code), person(org=cast.branch.code)]
    result = roster.roster_parse(book(rows), user=cast.secretary)
    assert [(e.row, e.column) for e in result.errors] == [(2, "支部编码"), (3, "支部编码")]
    assert result.errors[0].message == "没有编码为“NO-SUCH”的支部，或您没有管理该支部的权限"
    assert result.errors[1].message == f"没有编码为“{cast.sibling.code}”的支部，或您没有管理该支部的权限"
    assert "学生党支部" not in str(result.errors)
    # The organiser of the university may import into both.
    assert roster.roster_parse(book(rows[1:]), user=cast.organiser).ok


def test_a_branch_outside_the_uploaders_scope_is_refused_on_the_page(cast, login):
    client = login(cast.secretary)
    preview = upload(client, book([person(org=cast.sibling.code)]))["Location"]
    assert "没有编码为“U1-WL-XS”的支部" in client.get(preview).content.decode()
    client.post(preview)
    assert not Member.objects.filter(org=cast.sibling).exclude(pk=cast.sibling_member.pk).exists()


def test_group_must_belong_to_the_branch_and_code_kinds_are_explained(cast):
    rows = [
        person(**{"党小组编码": "U1-WL-JG-1"}),
        person(org=cast.group.code),
        person(org=cast.school.code),
        person(org=cast.other_branch.code, **{"党小组编码": "U1-WL-JG-1"}),
        person(**{"职务": "党小组组长"}),
    ]
    result = roster.roster_parse(book(rows), user=cast.admin)
    assert [(e.row, e.column) for e in result.errors] == [(3, "支部编码"), (5, "党小组编码"), (6, "职务")]
    assert "这是党小组的编码" in result.errors[0].message
    assert result.errors[1].message == "支部“工商管理教工党支部”下没有编码为“U1-WL-JG-1”的党小组"
    assert result.errors[2].message == "党小组组长须填写所在党小组的编码"


def test_model_rules_and_field_checks_each_name_their_column(cast):
    n = make_id_number("320102", dt.date(1990, 1, 1), 11)  # male
    rows = [
        person(**{"转正日期": None}),  # full member without 转正日期
        person(**{"政治面貌": "预备党员", "入党日期": None, "转正日期": None}),
        person(**{"身份": "学生"}),  # student without major
        person(**{"政治面貌": "党员？"}),
        person(**{"手机号码": "12345"}),
        person(**{"入党日期": "2012.06"}),
        person(**{"入党日期": "2099-01-01"}),
        person(**{"身份证号": n, "性别": "女", "出生日期": "1990-01-02"}),
        person(**{"姓名": None}),
        person(**{"身份证号": 110101199003071234}),
    ]
    result = roster.roster_parse(book(rows), user=cast.secretary)
    got = [(e.row, e.column, e.message) for e in result.errors]
    assert got == [
        (2, "转正日期", "正式党员须填写转正日期"),
        (3, "入党日期", "预备党员和正式党员须填写入党日期"),
        (4, "专业", "学生党员须填写专业"),
        (5, "政治面貌", "应为以下之一：入党积极分子、发展对象、预备党员、正式党员"),
        (6, "手机号码", "电话号码应为11位手机号码（如13812345678）或带区号的固定电话（如010-62345678）"),
        (7, "入党日期", "日期须精确到日，请按2022-07-14的格式填写"),
        (8, "入党日期", "日期不能晚于今天"),
        (10, "姓名", "必填"),
        (11, "身份证号", "身份证号码被存成了数字，后几位可能已丢失；请把本列设为“文本”格式后重新输入"),
    ]
    # Disagreeing with the ID number is shown for checking but does not block: the services accept it too.
    assert [(e.row, e.column, e.message) for e in result.warnings] == [
        (9, "性别", "与身份证号码不符（身份证号码为男性），请核对"),
        (9, "出生日期", "与身份证号码中的出生日期（1990-01-01）不符，请核对"),
    ]


@pytest.mark.parametrize("value", [
    dt.datetime(2022, 7, 14), dt.date(2022, 7, 14), "2022-07-14", "2022/7/14", "2022年7月14日", "2022.7.14",
    "２０２２－０７－１４", "20220714", 20220714, 44756, "2022-07-14 00:00:00",
])
def test_dates_are_read_the_ways_offices_write_them(value):
    assert roster.parse_date(value) == (dt.date(2022, 7, 14), None)


def test_bad_dates_say_why():
    assert roster.parse_date("2022-02-30") == (None, "不是有效的日期")
    assert roster.parse_date("去年七月")[1] == "无法识别的日期，请按2022-07-14的格式填写"


def test_a_title_row_aliases_labels_and_codes_are_accepted(cast):
    headers = ["序号", "支部编码", "姓名", "身份证号码", "政治面貌", "入党时间", "转正时间", "身份", "手机号"]
    row = person()
    data = {**row, "身份证号码": row["身份证号"], "入党时间": row["入党日期"], "转正时间": row["转正日期"],
            "手机号": "+86 138 1234 5678", "政治面貌": "中共党员", "身份": "teacher", "姓名": "张　三"}
    result = roster.roster_parse(book([data], headers=headers, title_row="物流管理专业教工党支部党员名册"),
                                 user=cast.secretary)
    assert result.ok, messages_of(result)
    (r,) = result.rows
    assert r.row == 3
    assert (r.data["name"], r.data["phone"], r.data["status"], r.data["occupation"]) == (
        "张三", "13812345678", "full", "teacher")


def test_missing_required_headers_are_a_file_error(cast):
    with pytest.raises(roster.RosterFileError, match="表头缺少必填列：身份证号"):
        roster.roster_parse(book([], headers=["支部编码", "姓名", "政治面貌", "身份"]), user=cast.secretary)


# --- secretaries ---------------------------------------------------------------------------------


def test_a_sitting_secretary_is_not_replaced_by_an_import(cast):
    result = roster.roster_parse(book([person(**{"职务": "书记"})]), user=cast.secretary)
    (error,) = result.errors
    assert error.column == "职务"
    assert "已有在任书记陈立华" in error.message and "换届" in error.message


def test_two_secretaries_for_one_branch_in_a_file(cast):
    org = cast.other_branch.code
    rows = [person(org=org, **{"职务": "书记"}), person(org=org, **{"职务": "支部书记"})]
    result = roster.roster_parse(book(rows), user=cast.admin)
    assert messages_of(result) == [
        "第3行 职务 “支部书记”：同一支部只能有一名书记（第2行、第3行都填了书记）"
    ]
    result = roster.roster_parse(book(rows[:1]), user=cast.admin)
    assert roster.roster_import(result, by=None) == 1
    position = Position.objects.get(org=cast.other_branch, kind=Position.Kind.SECRETARY, ended_on__isnull=True)
    assert position.member.id_number == rows[0]["身份证号"]


# --- who may ------------------------------------------------------------------------------------


def test_another_users_preview_is_404(cast, login):
    preview = upload(login(cast.secretary), book([person()]))["Location"]
    client = login(cast.sibling_secretary)
    assert client.get(preview).status_code == 404
    assert client.post(preview).status_code == 404
    assert not Member.objects.filter(name__startswith="测试").exists()
    assert login(cast.secretary).get(preview).status_code == 200
    assert login(cast.secretary).get(reverse("orgs:roster_preview", args=["..%2F..%2Fetc"])).status_code == 404


@pytest.mark.parametrize("who", ["member_user", "reviewer"])
def test_read_only_roles_cannot_import(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(reverse("orgs:roster_import")).status_code == 403
    assert upload(client, book([person()])).status_code == 403
    assert not Member.objects.filter(name__startswith="测试").exists()


def test_anonymous_is_sent_to_login(cast, client):
    for url in [reverse("orgs:roster_template"), reverse("orgs:roster_import"), reverse("orgs:roster_export"),
                reverse("orgs:roster_preview", args=["A" * 32])]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


# --- what is not an xlsx -------------------------------------------------------------------------


def _docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    return out.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"name,id\n", "文件不是Excel工作簿（.xlsx）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版Excel(.xls)"),
    (b"", "文件是空的"),
])
def test_content_not_an_xlsx_is_refused_whatever_its_name(cast, login, data, message):
    response = upload(login(cast.secretary), data or b"", "名册.xlsx")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not roster._upload_dir().exists() or not any(roster._upload_dir().iterdir())


def test_posting_without_a_file_says_so(cast, login):
    response = login(cast.secretary).post(reverse("orgs:roster_import"))
    assert "请选择要上传的名册文件" in response.content.decode()


def test_a_zip_that_is_not_a_workbook_is_refused(cast):
    with pytest.raises(roster.RosterFileError, match="不是有效的Excel工作簿"):
        roster.roster_parse(_docx_like(), user=cast.secretary)


def test_a_file_over_the_size_limit_is_refused(cast, login, settings):
    settings.ZHIBU_IMPORT_MAX_BYTES = 1024
    response = upload(login(cast.secretary), book([person() for _ in range(30)]))
    assert "文件过大" in response.content.decode()


# --- export --------------------------------------------------------------------------------------


def _export_rows(client, **params):
    response = client.get(reverse("orgs:roster_export"), params)
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content))[roster.SHEET_TITLE]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    return response, [dict(zip(HEADERS, r, strict=True)) for r in rows[1:]]


def test_export_is_masked_for_the_reviewer_and_not_for_the_secretary(cast, login):
    m = cast.plain_member
    response, rows = _export_rows(login(cast.secretary), org=cast.branch.code)
    encoded = response["Content-Disposition"].split("filename*=UTF-8''")[1]
    assert unquote(encoded) == f"党员名册-物流管理专业教工党支部-{timezone.localdate():%Y%m%d}.xlsx"
    row = next(r for r in rows if r["姓名"] == m.name)
    assert (row["身份证号"], row["手机号码"]) == (m.id_number, m.phone)
    assert next(r for r in rows if r["姓名"] == "陈立华")["职务"] == "书记"

    _, rows = _export_rows(login(cast.reviewer), org=cast.branch.code)
    row = next(r for r in rows if r["姓名"] == m.name)
    assert row["身份证号"] == m.id_number[:4] + "*" * 10 + m.id_number[-4:]
    assert row["手机号码"] == m.phone[:3] + "****" + m.phone[-4:]
    assert {r["姓名"] for r in rows} == {"陈立华", "周敏"}


def test_export_follows_the_scope_and_filters(cast, login):
    _, rows = _export_rows(login(cast.sibling_secretary))
    assert [r["姓名"] for r in rows] == ["林晓"]
    assert rows[0]["身份证号"] == cast.sibling_member.id_number
    _, rows = _export_rows(login(cast.organiser), status="probationary")
    assert [r["姓名"] for r in rows] == ["林晓"]
    assert login(cast.sibling_secretary).get(reverse("orgs:roster_export"), {"org": cast.branch.code}).status_code == 404


def test_an_export_can_be_edited_and_imported_again(cast, login):
    services.member_create(by=None, org=cast.branch, name="马骏", gender="male", birth_date=dt.date(1999, 9, 9),
                           id_number=make_id_number("110101", dt.date(1999, 9, 9), 13), status="probationary",
                           joined_on=dt.date(2023, 6, 1), occupation="student", major="物流管理", class_year=2018,
                           group=cast.group)
    response, exported = _export_rows(login(cast.secretary), org=cast.branch.code)
    for member in Member.objects.filter(org=cast.branch):
        services.member_delete(by=None, member=member)
    result = roster.roster_parse(response.content, user=cast.secretary)
    assert result.ok, messages_of(result)
    assert roster.roster_import(result, by=cast.secretary) == len(exported) == 3
    again = Member.objects.get(name="马骏")
    assert (again.group, again.class_year, again.joined_on) == (cast.group, 2018, dt.date(2023, 6, 1))
    assert Position.objects.get(org=cast.branch, kind="secretary", ended_on__isnull=True).member.name == "陈立华"


def test_export_query_count_is_bounded(cast, login, django_assert_max_num_queries):
    for _ in range(30):
        services.member_create(by=None, org=cast.branch, **_member_fields())
    client = login(cast.secretary)
    with django_assert_max_num_queries(12):
        client.get(reverse("orgs:roster_export"), {"org": cast.branch.code})


def _member_fields() -> dict:
    row = person()
    return {"name": row["姓名"], "gender": "male" if row["性别"] == "男" else "female", "id_number": row["身份证号"],
            "status": "full", "joined_on": dt.date(2005, 6, 1), "full_on": dt.date(2006, 6, 1),
            "occupation": "teacher"}


# --- command line --------------------------------------------------------------------------------


def test_cli_import_with_an_error_exits_non_zero_and_imports_nothing(cast, tmp_path, capsys):
    bad, right = bad_check_digit(person()["身份证号"])
    path = tmp_path / "名册.xlsx"
    path.write_bytes(book([person(), person(**{"身份证号": bad})]))
    before = Member.objects.count()
    with pytest.raises(CommandError, match="文件中有1处错误"):
        call_command("import_members", str(path))
    out, err = capsys.readouterr()
    assert f"第3行 身份证号 “{bad}”：身份证号码校验位错误（应为{right}）" in out
    assert "校验 [" in err and "100%" in err
    assert Member.objects.count() == before


def test_cli_import_dry_run_then_import(cast, tmp_path, capsys):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(book([person(), person()]))
    call_command("import_members", str(path), "--dry-run")
    assert "校验通过，共2名党员" in capsys.readouterr().out
    assert not Member.objects.filter(name__startswith="测试").exists()
    call_command("import_members", str(path), "--user", "secretary")
    assert "已导入2名党员" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="import", actor=cast.secretary).count() == 2


def test_cli_import_as_a_user_is_held_to_their_scope(cast, tmp_path, capsys):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(book([person(org=cast.sibling.code)]))
    with pytest.raises(CommandError):
        call_command("import_members", str(path), "--user", "secretary")
    assert "没有编码为“U1-WL-XS”的支部" in capsys.readouterr().out


def test_cli_export(cast, tmp_path, capsys):
    path = tmp_path / "out.xlsx"
    call_command("export_members", "--org", cast.school.code, str(path), "--masked")
    ws = load_workbook(path)[roster.SHEET_TITLE]
    ids = [r[HEADERS.index("身份证号")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(ids) == 3 and all("*" in i for i in ids)
    assert "已导出3名党员" in capsys.readouterr().out


# --- bounded work --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [10, 200])
def test_import_query_count_does_not_grow_with_rows(cast, size, django_assert_max_num_queries):
    branch = OrgFactory(parent=cast.other_school, code=f"B-{size}")
    group = OrgFactory(parent=branch, code=f"B-{size}-1", kind=Org.Kind.GROUP)
    rows = [person(org=branch.code, **({"党小组编码": group.code, "职务": "组织委员"} if i % 3 == 0 else {}))
            for i in range(size)]
    data = book(rows)
    seen = []
    # SQLite inserts at most 999 parameters per statement, so 200 members take a few more INSERTs; the
    # bound is what matters: parse and import together stay within it for any file of up to 200 rows.
    with django_assert_max_num_queries(15):
        result = roster.roster_parse(data, user=cast.organiser, progress=lambda d, t: seen.append((d, t)))
        assert result.ok, messages_of(result)
        assert roster.roster_import(result, by=cast.organiser) == size
    assert seen[-1][0] == seen[-1][1]
    assert Member.objects.filter(org=branch).count() == size
