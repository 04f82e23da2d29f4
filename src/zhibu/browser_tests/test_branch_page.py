"""The branch page: name, committee and members; personal data masked by role; outsiders get a 404."""

import pytest

from zhibu.core.personal import mask_id_number

pytestmark = pytest.mark.browser

BRANCH = "/orgs/U1-WL-JG/"


def test_secretary_sees_the_branch_with_committee_members_and_full_id_numbers(cast, ui):
    ui.login("secretary")
    response = ui.goto(BRANCH, "branch-as-secretary")

    assert response.status == 200
    assert ui.text("#org-name") == "物流管理专业教工党支部"
    committee = ui.text("#committee")
    assert "陈立华" in committee and "书记" in committee
    members = ui.text("#members")
    assert "陈立华" in members and "周敏" in members
    assert cast.plain_member.id_number in members
    assert "林晓" not in members, "the sibling branch's member is not listed"


def test_reviewer_sees_the_branch_with_id_numbers_masked(cast, ui):
    ui.login("reviewer")
    response = ui.goto(BRANCH, "branch-as-reviewer")

    assert response.status == 200
    assert ui.text("#org-name") == "物流管理专业教工党支部"
    members = ui.text("#members")
    assert "周敏" in members
    assert mask_id_number(cast.plain_member.id_number) in members
    assert cast.plain_member.id_number not in ui.page.content()
    assert cast.plain_member.phone not in ui.page.content()


def test_sibling_branch_secretary_gets_a_404_page(cast, ui):
    ui.login("sibling")
    response = ui.goto(BRANCH, "branch-as-sibling")

    assert response.status == 404
    body = ui.text()
    assert "物流管理专业教工党支部" not in body and "周敏" not in body


def test_the_branch_page_fits_a_phone(cast, ui):
    ui.login("secretary")
    ui.page.set_viewport_size({"width": 390, "height": 844})
    ui.goto(BRANCH, "branch-on-a-phone")

    overflow = ui.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "wide tables scroll inside their card; the page itself never scrolls sideways"
    assert ui.page.is_visible("#org-name")
