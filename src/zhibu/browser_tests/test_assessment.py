"""Member assessment in the browser: a member logs a deed on a phone and the secretary confirms it; the
secretary opens the year's appraisal, every full member self-assesses and votes on a phone-sized page, the
secretary closes the ballot, is refused a decision with too many 优秀 and then decides.

The helpers are module-level so that other scenarios (the dashboard's radar) can reuse them:
    phone(browser, ui, label)                     a phone-sized tab on the same live server
    open_appraisal(ui, year)                      the secretary opens the appraisal → its id
    vote_on_phone(browser, ui, username, grades)  a member votes ({member id: grade})
    decide(ui, appraisal_id, grades)              the secretary closes and decides → the page's text
"""

import re

import pytest

from zhibu.assessment.factories import make_voters
from zhibu.assessment.models import Deed, MemberAppraisal

from .conftest import TIMEOUT_MS, UI

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def phone(browser, ui: UI, label: str) -> UI:
    """A phone-sized tab (its own cookies) on the same live server; screenshots go with the test's."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    # The first page a fresh context loads (the live server's first request of the module) can be slow on a
    # busy CI machine; clicks and checks keep the shared timeout.
    context.set_default_navigation_timeout(TIMEOUT_MS * 3)
    tab = UI(context.new_page(), ui.base_url, ui.shots, f"{ui.prefix}-{label}")
    tab.context = context
    return tab


def open_appraisal(ui: UI, year: int, code: str = "U1-WL-JG") -> int:
    ui.goto(f"/assessment/orgs/{code}/appraisals/", "appraisal-list")
    ui.page.fill("#id_year", str(year))
    with ui.page.expect_navigation():
        ui.page.click("#appraisal-open-submit")
    ui.shot("appraisal-opened")
    return int(re.search(r"/appraisals/(\d+)/", ui.page.url).group(1))


def vote_on_phone(browser, ui: UI, username: str, grades: dict[int, str], self_text: str = "") -> str:
    tab = phone(browser, ui, f"phone-{username}")
    try:
        tab.login(username)
        tab.goto("/assessment/", "index")
        with tab.page.expect_navigation():
            tab.page.click("#appraisal-go")
        if self_text:
            tab.page.fill("#id_text", self_text)
            with tab.page.expect_navigation():
                tab.page.click("#self-save")
        for member_id, grade in grades.items():
            tab.page.click(f"label[for=g-{member_id}-{grade}]")
        tab.shot("ballot")
        with tab.page.expect_navigation():
            tab.page.click("#ballot-submit")
        tab.shot("voted")
        return tab.text("body")
    finally:
        tab.context.close()


def decide(ui: UI, appraisal_id: int, grades: dict[int, str]) -> str:
    ui.goto(f"/assessment/appraisals/{appraisal_id}/", "before-close")
    if ui.page.locator("#close-submit").count():
        ui.page.once("dialog", lambda d: d.accept())
        with ui.page.expect_navigation():
            ui.page.click("#close-submit")
    for member_id, grade in grades.items():
        ui.page.select_option(f"select[name=decide-{member_id}]", grade)
    ui.shot("deciding")
    with ui.page.expect_navigation():
        ui.page.click("#decide-submit")
    ui.shot("decided")
    return ui.text("body")


def test_a_member_logs_a_deed_on_a_phone_and_the_secretary_confirms_it(cast, browser, ui):
    tab = phone(browser, ui, "phone-member")
    try:
        tab.login("member")
        tab.goto("/assessment/deeds/new/", "deed-form")
        tab.page.fill("#id_date", "2025-06-20")
        tab.page.fill("#id_title", "毕业寄：为毕业生打包邮寄行李")
        tab.page.select_option("#id_category", "gradmail")
        tab.page.fill("#id_hours", "3.5")
        tab.page.fill("#id_beneficiaries", "12")
        tab.page.fill("#id_beneficiary_note", "2025届物流管理专业毕业生")
        with tab.page.expect_navigation():
            tab.page.click("#deed-save")
        tab.shot("deed-logged")
        assert "待确认" in tab.text("#deed-status")
        assert "/assessment/c/" in tab.page.input_value("#confirm-link")
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    finally:
        tab.context.close()
    deed = Deed.objects.get()
    ui.login("secretary")
    ui.goto("/assessment/orgs/U1-WL-JG/?year=2025", "overview-pending")
    assert "毕业寄：为毕业生打包邮寄行李" in ui.text("#pending")
    ui.goto(f"/assessment/deeds/{deed.pk}/", "deed")
    with ui.page.expect_navigation():
        ui.page.click("#confirm-submit")
    assert "已确认" in ui.text("#deed-status")
    ui.goto(f"/assessment/points/{cast.plain_member.pk}/?year=2025", "ledger")
    assert "办实事：毕业寄" in ui.text("#ledger-lines") and "61.75" in ui.text("#ledger-total")


def test_members_vote_on_phones_and_the_secretary_decides(cast, browser, ui):
    voters = make_voters(branch=cast.branch, count=2)
    members = [cast.sec_member, cast.plain_member, *voters]
    ui.login("secretary")
    appraisal_id = open_appraisal(ui, 2025)
    usernames = {cast.sec_member.pk: "secretary", cast.plain_member.pk: "member",
                 voters[0].pk: voters[0].user.username, voters[1].pk: voters[1].user.username}
    for voter in members:
        ballot = {m.pk: "excellent" if m == voters[0] else "qualified" for m in members if m != voter}
        text = vote_on_phone(browser, ui, usernames[voter.pk], ballot,
                             self_text="参加毕业寄志愿服务，坚持戴党徽、亮身份。" if voter == cast.plain_member else "")
        assert "您已投票" in text and "提交选票" not in text

    all_excellent = {m.pk: "excellent" for m in members}
    text = decide(ui, appraisal_id, all_excellent)
    assert "优秀至多1名，现评定为优秀的有4名" in text
    assert MemberAppraisal.objects.get(pk=appraisal_id).status == "closed"
    results = ui.text("#results-table")
    assert "参加毕业寄志愿服务" in results
    grades = {m.pk: "excellent" if m == voters[0] else "qualified" for m in members}
    text = decide(ui, appraisal_id, grades)
    assert "评议结果（已锁定）" in text
    row = ui.text(f"#result-{voters[0].pk}")
    assert row.split()[1] == "3" and "优秀" in row
    assert MemberAppraisal.objects.get(pk=appraisal_id).status == "decided"
