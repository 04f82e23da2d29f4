"""A work-method case from draft to published with three logins: the branch secretary writes it (pasting the
formula sentence), the university organiser endorses it, the municipal reviewer records the research symposium,
reviews and publishes it; then anyone finds it in the public library by a segmented word."""

import pytest
from django.db import OperationalError

from zhibu.methods.factories import make_symposium
from zhibu.methods.models import Case
from zhibu.publishing.models import Article

pytestmark = pytest.mark.browser

FORMULA = ("以围绕专业建设为“一”个中心，以构建支部与专业共建、教工与学生党支部共建、校内校外支部共建为“三”重共建工作机制，"
           "以开展教师思政、学生思政、课程思政建设为“三”大任务")
SECTIONS = {
    "#id_background": "物流管理专业教工党支部成立于2006年，按照“支部建在专业上”设置。",
    "#id_practice": "围绕专业建设抓党建，构建三重共建工作机制。",
    "#id_outcome": "获评全国党建工作样板支部。",
    "#id_insight": "党建与业务同研究、同部署、同落实、同考核。",
}


def login_as(ui, username: str) -> None:
    ui.page.context.clear_cookies()
    ui.login(username)


def click(ui, selector: str, label: str) -> None:
    with ui.page.expect_navigation():
        ui.page.click(selector)
    ui.page.wait_for_load_state("networkidle")
    ui.shot(label)


def _autosaved(ui, insight: str) -> bool:
    """Whether the autosave stored `insight`, read between the live server's writes: each typed section sends
    its own autosave, and in-memory SQLite refuses a read while another thread writes ("table is locked")."""
    for _ in range(50):
        try:
            if Case.objects.get().insight == insight:
                return True
        except OperationalError:
            pass
        ui.page.wait_for_timeout(200)
    return False


def test_a_case_walks_from_draft_to_published_with_three_logins(cast, ui):
    symposium = make_symposium(branch=cast.branch, co_hosts=[cast.municipal])

    login_as(ui, "secretary")
    ui.goto(f"/methods/new/?org={cast.branch.code}", "method-new")
    ui.page.fill("#formula-text", FORMULA)
    ui.page.click("#formula-parse")
    ui.page.wait_for_selector("#formula-ok")
    ui.shot("formula-parsed")
    assert ui.page.input_value("#id_name") == "一三三"
    assert ui.page.input_value("#pillar-1-items").splitlines()[1] == "教工与学生党支部共建"
    ui.page.fill("#id_slogan", "打造高水平育人团队")
    click(ui, "#method-save", "method-page")
    assert "重共建工作机制" in ui.text("#formula-card")

    click(ui, "text=用它撰写案例", "case-new")
    ui.page.fill("#id_title", "“一三三”工作法——打造高水平育人团队")
    click(ui, "#case-create", "case-edit")
    for selector, text in SECTIONS.items():
        ui.page.fill(selector, text)
    ui.page.check(f"input[value='meeting:{symposium.pk}']")
    ui.page.wait_for_selector("#autosave-state:has-text('已自动保存')", timeout=15_000)
    ui.shot("case-autosaved")
    assert _autosaved(ui, SECTIONS["#id_insight"]), "autosave wrote the last section"
    click(ui, "#case-save", "case-saved")
    click(ui, "#step-submit", "case-submitted")
    assert "已提交" in ui.text("#timeline") or "提交" in ui.text("#timeline")

    case = Case.objects.get()
    login_as(ui, "organiser")
    ui.goto(f"/methods/cases/{case.pk}/", "organiser-sees-case")
    click(ui, "#step-endorse", "case-endorsed")

    login_as(ui, "reviewer")
    ui.goto(f"/methods/cases/{case.pk}/", "reviewer-sees-case")
    click(ui, "#step-research", "research-form")
    click(ui, "#research-save", "case-researched")
    click(ui, "#step-review", "review-form")
    ui.page.fill("#id_overall", "充分肯定该工作法的显著成效，具有推广借鉴作用。")
    ui.page.fill("#id_comment_outcome", "建议补充就业数据。")
    ui.page.check("input[name=decision][value=approve]")
    click(ui, "#review-save", "case-reviewed")
    click(ui, "#step-publish", "case-published")
    case.refresh_from_db()
    assert case.status == "published"

    # The public library serves signed write-ups: the secretary writes one up, the organiser approves it.
    login_as(ui, "secretary")
    ui.goto("/publishing/case/", "writeup-choose")
    click(ui, f"#writeup-{case.pk}", "writeup-draft")
    click(ui, "#article-submit", "writeup-submitted")
    login_as(ui, "organiser")
    ui.goto(f"/publishing/{Article.objects.get(case=case).pk}/", "writeup-review")
    click(ui, "#article-approve", "writeup-published")

    ui.page.context.clear_cookies()
    ui.goto("/cases/?q=课程思政", "library-search")
    assert "“一三三”工作法——打造高水平育人团队" in ui.text("#library-results")
    ui.page.click("#library-results a")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("library-case")
    assert "教工与学生党支部共建" in ui.text("#article-body")
    assert "充分肯定该工作法的显著成效" in ui.text("body")
