"""Careers in the browser: a secretary records an enterprise visit with a follow-up, imports the graduating class
(first with a duplicate student number, refused row by row), opens a graduate still seeking, sees the ranked posts
with the score explained, recommends one, and finds the class on the last-mile board with its chart."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from zhibu.careers.factories import EmployerFactory, JobPostFactory
from zhibu.careers.models import Graduate, Recommendation

pytestmark = pytest.mark.browser


def _class_xlsx(tmp_path, rows, name):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "学号", "专业", "学历", "毕业年份", "手机号码", "毕业去向", "意向城市", "意向行业", "帮扶党员"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def test_visit_import_match_recommend(cast, ui, tmp_path):
    employer = EmployerFactory(org=cast.branch, name="京畿智慧物流集团有限公司")
    other = EmployerFactory(org=cast.branch, name="华北电商科技有限公司", industry="trade", city="天津")
    today = dt.date.today()
    JobPostFactory(org=cast.branch, employer=employer, title="仓储运营管理培训生", deadline=today + dt.timedelta(days=30))
    JobPostFactory(org=cast.branch, employer=other, title="电商运营专员", majors=[], city="天津",
                   deadline=today + dt.timedelta(days=4))
    JobPostFactory(org=cast.branch, employer=employer, title="数据分析助理", degree="master",
                   deadline=today + dt.timedelta(days=30))

    ui.login("secretary")
    ui.goto("/careers/", "home")
    with ui.page.expect_navigation():
        ui.page.click("#visit-new")
    ui.page.select_option("#id_org", label="物流管理专业教工党支部")
    ui.page.select_option("#id_employer", label="京畿智慧物流集团有限公司（北京）")
    ui.page.fill("#id_visited_on", (today - dt.timedelta(days=3)).isoformat())
    ui.page.select_option("#id_visitors", label="陈立华（物流管理专业教工党支部）")
    ui.page.fill("#id_leaders", "学院党委书记 王建国")
    ui.page.fill("#id_purpose", "了解企业用人需求，拓展物流管理专业就业岗位")
    ui.page.fill("#id_jobs_promised", "12")
    ui.page.get_by_label("招不进人").check()
    ui.page.get_by_label("留不住人").check()
    ui.page.fill("#id_follow_up", "推送物流管理专业毕业生简历")
    ui.page.fill("#id_follow_up_due", (today + dt.timedelta(days=10)).isoformat())
    ui.shot("visit-form")
    with ui.page.expect_navigation():
        ui.page.click("#visit-save")
    assert "走访京畿智慧物流集团有限公司" in ui.text("#visit-title")
    assert "推送物流管理专业毕业生简历" in ui.text("#follow-ups")
    ui.page.fill("#id_action", "商定实习基地挂牌时间")
    ui.page.fill("#id_due_on", (today + dt.timedelta(days=20)).isoformat())
    ui.page.click("#follow-up-save")
    ui.page.wait_for_selector("text=商定实习基地挂牌时间")
    ui.shot("visit-with-follow-ups")

    ui.goto("/careers/graduates/import/", "import-empty")
    rows = [["李明", "2018010101", "物流管理", "本科", 2022, "13812340001", "求职中", "北京", "交通运输与物流", "周敏"],
            ["王丽", "2018010102", "物流管理", "本科", 2022, "13812340002", "已就业", "", "", ""],
            ["张晨", "2018010101", "物流管理", "本科", 2022, "", "求职中", "天津", "", ""]]
    ui.page.set_input_files("#id_file", str(_class_xlsx(tmp_path, rows, "duplicate.xlsx")))
    with ui.page.expect_navigation():
        ui.page.click("#import-save")
    ui.shot("import-refused")
    assert "学号2018010101在文件中重复出现：第2行、第4行" in ui.text("#import-errors")
    assert Graduate.objects.count() == 0
    rows[2][1] = "2018010103"
    ui.page.set_input_files("#id_file", str(_class_xlsx(tmp_path, rows, "class.xlsx")))
    with ui.page.expect_navigation():
        ui.page.click("#import-save")
    ui.shot("graduates")
    assert "已导入3名毕业生" in ui.text("body")
    assert Graduate.objects.count() == 3

    ui.page.click("text=李明")
    ui.page.wait_for_selector("#matches")
    ui.shot("graduate-matches")
    matches = ui.text("#matches")
    assert matches.index("仓储运营管理培训生") < matches.index("电商运营专员")
    assert "数据分析助理" not in matches  # asks for a master's degree
    assert "专业对口（物流管理）" in matches and "100分" in matches
    ui.page.locator(".match-row", has_text="仓储运营管理培训生").locator(".recommend-btn").click()
    ui.page.wait_for_selector(".recommend-done")
    assert Recommendation.objects.filter(graduate__name="李明", job__title="仓储运营管理培训生").exists()
    ui.goto(ui.page.url.removeprefix(ui.base_url), "graduate-recommended")
    assert "已推荐" in ui.text("#recommendations")

    ui.goto("/careers/last-mile/", "last-mile")
    assert "李明" in ui.text("#last-mile") and "张晨" in ui.text("#last-mile")
    assert "王丽" not in ui.text("#last-mile")
    assert ui.page.locator("#rate-chart svg").count() == 1, "the chart is drawn"
    assert "33.3%" in ui.text("#rate-table")


def test_the_board_on_a_phone(cast, ui):
    from zhibu.careers.factories import GraduateFactory

    for i in range(4):
        GraduateFactory(org=cast.branch, student_number=f"20180201{i:02d}", helper=cast.plain_member,
                        status="seeking" if i % 2 else "employed")
    ui.page.set_viewport_size({"width": 390, "height": 844})
    ui.login("secretary")
    ui.goto("/careers/", "phone-home")
    ui.goto("/careers/last-mile/", "phone-last-mile")
    assert ui.page.locator("#rate-chart svg").count() == 1
