"""The Excel import: all or nothing, every problem named by row and column in Chinese."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook

from zhibu.careers.imports import ImportFileError, graduate_import, template_workbook
from zhibu.careers.models import Graduate
from zhibu.core.models import AuditEntry

HEADER = ["姓名", "学号", "专业", "学历", "毕业年份", "班级", "毕业日期", "手机号码", "毕业去向", "意向城市", "意向行业",
          "帮扶党员"]


def xlsx(rows, header=HEADER, title_row=True) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title_row:
        ws.append(["2022届物流管理专业毕业生名单"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    ["李明", "2018030101", "物流管理", "本科", 2022, "物流1801", "2022-06-30", "13812340001", "求职中", "北京，天津",
     "交通运输与物流", "周敏"],
    ["王丽", "2018030102", "物流管理", "本科", "2022届", "物流1801", "2022/6/30", "", "已就业", "", "", ""],
    ["张晨", "2018030103", "物流管理", "硕士", 2022, "", None, "", "考研", "", "", ""],
]


def test_it_imports_a_class(cast):
    result = graduate_import(by=cast.secretary, org=cast.branch, data=xlsx(GOOD))
    assert result.ok and result.created == 3
    li = Graduate.objects.get(student_number="2018030101")
    assert li.helper == cast.plain_member and li.preferred_cities == ["北京", "天津"]
    assert li.preferred_industries == ["logistics"] and li.org_path == cast.branch.path
    assert Graduate.objects.get(student_number="2018030102").status == "employed"
    assert Graduate.objects.get(student_number="2018030103").status == "further_study"
    assert AuditEntry.objects.filter(action="import", org_path=cast.branch.path).count() == 3


def test_duplicate_student_numbers_name_the_rows_and_save_nothing(cast):
    rows = GOOD + [["赵琳", "2018030101", "物流管理", "本科", 2022, "", "", "", "", "", "", ""]]
    result = graduate_import(by=cast.secretary, org=cast.branch, data=xlsx(rows))
    assert not result.ok and result.created == 0
    assert [str(e) for e in result.errors] == ["第3行“学号”列：学号2018030101在文件中重复出现：第3行、第6行"]
    assert Graduate.objects.count() == 0


def test_every_bad_row_is_named(cast):
    graduate_import(by=cast.secretary, org=cast.branch, data=xlsx(GOOD[:1]))
    rows = [
        ["李明", "2018030101", "物流管理", "本科", 2022, "", "", "", "", "", "", ""],        # registered already
        ["", "2018030202", "物流管理", "学士后", 2022, "", "2022-13-01", "12345", "待定", "", "航天", "无名氏"],
        ["钱多", "2018030203", "", "本科", "二〇二二", "", "", "", "", "", "", ""],
    ]
    result = graduate_import(by=cast.secretary, org=cast.branch, data=xlsx(rows))
    messages = [str(e) for e in result.errors]
    assert "第3行“学号”列：学号2018030101已登记（李明），不能重复导入" in messages
    assert "第4行“姓名”列：必填，不能为空" in messages
    assert any(m.startswith("第4行“学历”列：“学士后”应为") for m in messages)
    assert "第4行“毕业日期”列：不是有效的日期" in messages
    assert any(m.startswith("第4行“手机号码”列：“12345”") for m in messages)
    assert any(m.startswith("第4行“毕业去向”列：“待定”应为以下之一") for m in messages)
    assert any(m.startswith("第4行“意向行业”列：“航天”不在行业列表中") for m in messages)
    assert "第4行“帮扶党员”列：本院系没有名为“无名氏”的党员" in messages
    assert "第5行“专业”列：必填，不能为空" in messages
    assert "第5行“毕业年份”列：“二〇二二”应为毕业年份，如2022" in messages
    assert Graduate.objects.count() == 1


def test_files_are_checked_by_content(cast):
    with pytest.raises(ImportFileError, match="不是Excel工作簿"):
        graduate_import(by=cast.secretary, org=cast.branch, data=b"%PDF-1.4 not a workbook")
    with pytest.raises(ImportFileError, match="表头缺少必填列：毕业年份"):
        graduate_import(by=cast.secretary, org=cast.branch, data=xlsx([], header=["姓名", "学号", "专业"]))


def test_read_only_and_outsiders_cannot_import(cast):
    with pytest.raises(PermissionDenied):
        graduate_import(by=cast.member_user, org=cast.branch, data=xlsx(GOOD))
    with pytest.raises(PermissionDenied):
        graduate_import(by=cast.sibling_secretary, org=cast.branch, data=xlsx(GOOD))


def test_template_round_trips(cast):
    result = graduate_import(by=cast.secretary, org=cast.branch, data=template_workbook())
    assert result.ok and result.created == 1


def test_import_page_shows_errors_and_keeps_nothing(cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(cast.secretary)
    rows = GOOD + [["赵琳", "2018030101", "物流管理", "本科", 2022, "", "", "", "", "", "", ""]]
    upload = SimpleUploadedFile("名单.xlsx", xlsx(rows))
    r = client.post(reverse("careers:graduate_import"), {"org": cast.branch.pk, "file": upload})
    body = r.content.decode()
    assert r.status_code == 200 and "没有导入任何毕业生" in body and "第3行、第6行" in body
    upload = SimpleUploadedFile("名单.xlsx", xlsx(GOOD))
    r = client.post(reverse("careers:graduate_import"), {"org": cast.branch.pk, "file": upload})
    assert r.status_code == 302 and Graduate.objects.count() == 3
