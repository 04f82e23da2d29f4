"""Importing a member roster: download the template, upload a file with a bad row, fix it, import."""

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from zhibu.core.personal import id_check_char, make_id_number
from zhibu.orgs.models import Member

pytestmark = pytest.mark.browser

IMPORT = "/members/roster/import/"


def download_template(ui) -> bytes:
    ui.goto(IMPORT, "roster-import")
    with ui.page.expect_download() as info:
        ui.page.click("#roster-template")
    return open(info.value.path(), "rb").read()


def fill(template: bytes, rows: list[dict]) -> bytes:
    """The downloaded template with `rows` (by Chinese header) under its header row."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb["党员名册"]
    headers = [c.value for c in ws[1]]
    for r in rows:
        ws.append([r.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def person(n: int, **over) -> dict:
    row = {
        "支部编码": "U1-WL-JG", "姓名": f"韩{'一二三四五'[n]}", "性别": "女",
        "身份证号": make_id_number("320102", dt.date(1985, 1 + n, 10), 2 * n + 2),
        "手机号码": f"1380000{n:04d}", "政治面貌": "正式党员", "入党日期": "2008-06-01",
        "转正日期": "2009年6月1日", "身份": "教师",
    }
    row.update(over)
    return row


def upload(ui, data: bytes, name: str, label: str) -> None:
    ui.page.set_input_files("#roster-file", files=[{
        "name": name, "buffer": data,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }])
    with ui.page.expect_navigation():
        ui.page.click("#roster-upload")
    ui.page.wait_for_load_state("networkidle")
    ui.shot(label)


def test_a_roster_with_one_bad_row_imports_nothing_then_the_fixed_file_imports(cast, ui):
    ui.login("secretary")
    template = download_template(ui)
    good = [person(0), person(1)]
    bad_id = person(2)["身份证号"]
    right = id_check_char(bad_id[:17])
    bad_id = bad_id[:17] + ("0" if right != "0" else "1")
    before = Member.objects.count()

    upload(ui, fill(template, [*good, person(2, 身份证号=bad_id)]), "名册-有错.xlsx", "roster-preview-with-error")

    assert "/members/roster/import/" in ui.page.url
    assert "未导入任何数据" in ui.text("#roster-status")
    errors = ui.page.locator("#roster-errors tbody tr")
    assert errors.count() == 1
    cells = [c.strip() for c in errors.first.locator("td").all_inner_texts()]
    assert cells[:3] == ["第4行", "身份证号", bad_id], "the error names the Excel row, the column and the value"
    assert re.search(f"校验位错误[(（]应为{right}[)）]", cells[3])
    assert ui.page.is_disabled("#roster-confirm")
    assert Member.objects.count() == before

    ui.page.click("#roster-reupload")
    ui.page.wait_for_load_state("networkidle")
    upload(ui, fill(template, [*good, person(2)]), "名册.xlsx", "roster-preview-clean")

    assert "校验通过" in ui.text("#roster-status")
    assert ui.page.locator("#roster-errors").count() == 0
    with ui.page.expect_navigation():
        ui.page.click("#roster-confirm")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("after-import")

    assert re.search(r"/members/(\?.*)?$", ui.page.url)
    assert "已导入3名党员" in ui.text()
    assert Member.objects.count() == before + 3
    assert set(Member.objects.filter(org=cast.branch, name__startswith="韩").values_list("name", flat=True)) == {
        "韩一", "韩二", "韩三"}
