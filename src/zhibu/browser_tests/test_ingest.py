"""Report ingest in the browser: upload the seed, see the spam warning, correct a unit, confirm, and find
the meeting and the method drafts."""

from pathlib import Path

import pytest

from zhibu.meetings.models import Meeting
from zhibu.methods.models import Case, WorkMethod

pytestmark = pytest.mark.browser

SEED = Path("/work/shared/seed/symposium-report.txt")
if not SEED.exists():
    SEED = Path(__file__).parents[1] / "ingest" / "tests" / "seed-symposium-report.txt"


def _warm_up(ui) -> None:
    """The live server's first page can take long on a loaded machine; wait for it once."""
    ui.page.set_default_navigation_timeout(90_000)
    ui.page.goto(ui.url("/login/"))


def test_upload_the_seed_correct_and_confirm(cast, ui):
    _warm_up(ui)
    ui.login("secretary")
    ui.goto("/ingest/", "ingest-upload")
    ui.page.set_input_files("#id_file", str(SEED))
    with ui.page.expect_navigation():
        ui.page.click("#upload-submit")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("ingest-review")

    warning = ui.text("#spam-warning")
    assert "全球最大的赌钱网" in warning and "不会写入任何记录" in warning
    assert ui.page.locator("#source mark.zb-spam").count() == 10
    assert ui.page.locator("#source mark[data-field='event.place']").inner_text() == "学院112会议室"
    assert ui.page.input_value("#id_date") == "2022-07-14"
    assert ui.page.input_value("#id_time") == "08:30"
    assert ui.page.input_value("#id_chair_name") == "郭红钵"
    assert ui.page.input_value("#id_att-1-name") == "马立梅"
    assert "赌钱" not in ui.page.input_value("#id_att-1-unit")
    assert ui.page.input_value("#id_method_name") == "一三三"

    ui.page.select_option("#id_org", cast.branch.code)
    for row in (1, 2, 3):
        ui.page.fill(f"#id_att-{row}-unit", "示例大学")
    ui.shot("ingest-corrected")
    with ui.page.expect_navigation():
        ui.page.click("#report-confirm")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("ingest-meeting")

    meeting = Meeting.objects.get()
    assert ui.page.url.endswith(meeting.get_absolute_url())
    body = ui.text()
    assert "调研座谈会" in body and "郭红钵" in body and "马立梅" in body
    assert "赌钱" not in ui.page.content()
    assert set(meeting.guests.filter(name__in=["马立梅", "王红", "孙涛"]).values_list("unit", flat=True)) == {"示例大学"}

    method = WorkMethod.objects.get()
    case = Case.objects.get(method=method)
    ui.goto(f"/methods/{method.pk}/", "ingest-method")
    assert "一三三" in ui.text()
    ui.goto(f"/methods/cases/{case.pk}/", "ingest-case")
    assert "一三三" in ui.text()


def test_a_bad_file_gets_a_chinese_message(cast, ui, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 20)
    _warm_up(ui)
    ui.login("secretary")
    ui.goto("/ingest/", "ingest-upload-bad")
    ui.page.set_input_files("#id_file", str(junk))
    with ui.page.expect_navigation():
        ui.page.click("#upload-submit")
    ui.shot("ingest-bad-file")
    assert "二进制" in ui.text("#upload-form")
    assert not Meeting.all_objects.exists()
