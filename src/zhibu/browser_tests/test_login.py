"""Logging in through the form, as a person does."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_secretary_logs_in_and_lands_on_the_workbench(cast, ui):
    response = ui.goto("/", "anonymous-home")
    assert response.ok
    assert re.search(r"/login/\?next=/$", ui.page.url), "an anonymous visitor is sent to the login form"
    assert "登录支部平台" in ui.text()

    ui.login("secretary")

    assert ui.page.url == ui.url("/")
    ui.shot("workbench")
    assert ui.page.title().startswith("工作台")
    assert "物流管理专业教工党支部" in ui.text("main")
    assert "陈立华" in ui.text("nav"), "the navbar names who is logged in"


def test_a_wrong_password_stays_on_the_form_with_a_chinese_message(cast, ui):
    ui.login("secretary", "wrong-password")

    assert "/login/" in ui.page.url
    ui.shot("wrong-password")
    assert "用户名或密码不正确" in ui.text()
