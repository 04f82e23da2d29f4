import pytest
from django.urls import reverse

from zhibu.core.models import FailedLogin

pytestmark = pytest.mark.django_db


def test_it_logs_in_and_lands_on_the_workbench(cast, client):
    response = client.post(reverse("login"), {"username": "secretary", "password": "pw-test-123"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "陈立华" in response.content.decode()


def test_wrong_password_says_so_in_chinese(cast, client):
    response = client.post(reverse("login"), {"username": "secretary", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert FailedLogin.objects.filter(username="secretary").count() == 1


def test_it_locks_after_five_failures_even_with_the_right_password(cast, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "secretary", "password": "nope"})
    response = client.post(reverse("login"), {"username": "secretary", "password": "pw-test-123"})
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # other users are not locked out by someone guessing the secretary's password
    response = client.post(reverse("login"), {"username": "member", "password": "pw-test-123"})
    assert response.status_code == 302


def test_login_form_is_csrf_protected(cast):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "secretary", "password": "pw-test-123"})
    assert response.status_code == 403


def test_behind_a_proxy_the_lockout_counts_the_forwarded_address(cast, client, settings):
    settings.ZHIBU_BEHIND_PROXY = True
    for _ in range(5):
        client.post(reverse("login"), {"username": "secretary", "password": "nope"},
                    HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert set(FailedLogin.objects.values_list("ip", flat=True)) == {"203.0.113.9"}


def test_not_found_page_is_in_chinese_and_in_the_layout(cast, client):
    client.force_login(cast.sibling_secretary)
    from django.test import override_settings

    with override_settings(DEBUG=False):
        response = client.get(reverse("orgs:org_detail", args=[cast.branch.code]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "没有找到您要访问的页面" in body and "工作台" in body
