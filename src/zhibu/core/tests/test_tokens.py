"""Personal access tokens: the services, the profile page and the create_token command."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from zhibu.core.models import ApiToken
from zhibu.core.services import token_authenticate, token_create, token_revoke
from zhibu.orgs.factories import UserFactory


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


# --- services ------------------------------------------------------------------------------------


def test_it_stores_only_a_hash_of_the_key(alice):
    token, key = token_create(user=alice, name=" 数据对接 ")
    assert key.startswith(ApiToken.PREFIX) and len(key) > 40
    assert token.name == "数据对接"
    assert token.key_hash == ApiToken.hash_key(key) != key
    assert token.key_hint == key[-4:]
    assert all(key not in str(value) for value in ApiToken.objects.values().get().values())


def test_it_names_unnamed_tokens(alice):
    token, _ = token_create(user=alice, name="  ")
    assert token.name == "API"


def test_keys_are_unique(alice):
    keys = {token_create(user=alice, name=str(i))[1] for i in range(20)}
    assert len(keys) == 20


def test_it_authenticates_an_active_key(alice):
    _, key = token_create(user=alice, name="x")
    assert token_authenticate(key) == alice


@pytest.mark.parametrize("key", ["", "zb_", "zb_nonsense", "not-a-token", None])
def test_it_rejects_unknown_keys(alice, key):
    token_create(user=alice, name="x")
    assert token_authenticate(key) is None


def test_it_rejects_a_revoked_key(alice):
    token, key = token_create(user=alice, name="x")
    token_revoke(user=alice, token_id=token.pk)
    assert token_authenticate(key) is None


def test_it_rejects_an_expired_key(alice):
    _, key = token_create(user=alice, name="x", expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert token_authenticate(key) is None
    _, fresh = token_create(user=alice, name="y", expires_at=timezone.now() + dt.timedelta(days=1))
    assert token_authenticate(fresh) == alice


def test_it_rejects_the_key_of_an_inactive_user(alice):
    _, key = token_create(user=alice, name="x")
    alice.is_active = False
    alice.save()
    assert token_authenticate(key) is None


def test_it_touches_last_used_at_at_most_once_a_minute(alice, django_assert_num_queries):
    token, key = token_create(user=alice, name="x")
    with django_assert_num_queries(2):
        token_authenticate(key)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with django_assert_num_queries(1):
        token_authenticate(key)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    token_authenticate(key)
    token.refresh_from_db()
    assert token.last_used_at >= first


def test_revoke_is_idempotent(alice):
    token, _ = token_create(user=alice, name="x")
    first = token_revoke(user=alice, token_id=token.pk).revoked_at
    assert first is not None
    assert token_revoke(user=alice, token_id=token.pk).revoked_at == first


def test_a_user_cannot_revoke_another_users_token(alice, bob):
    token, key = token_create(user=alice, name="x")
    with pytest.raises(ApiToken.DoesNotExist):
        token_revoke(user=bob, token_id=token.pk)
    assert token_authenticate(key) == alice


# --- the profile page ----------------------------------------------------------------------------


def test_profile_requires_login(client, db):
    response = client.get(reverse("core:profile"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_profile_creates_a_token_and_shows_it_once(client, alice):
    client.force_login(alice)
    response = client.post(reverse("core:profile"), {"name": "数据对接脚本", "expires_in_days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=alice)
    key = response.context["new_key"]
    assert ApiToken.hash_key(key) == token.key_hash
    assert key in response.content.decode()
    assert token.expires_at is not None
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    assert token_authenticate(key) == alice

    again = client.get(reverse("core:profile"))
    html = again.content.decode()
    assert key not in html
    assert "数据对接脚本" in html and token.key_hint in html


def test_profile_creates_a_token_without_expiry(client, alice):
    client.force_login(alice)
    client.post(reverse("core:profile"), {"name": "长期", "expires_in_days": "0"})
    assert ApiToken.objects.get(user=alice).expires_at is None


def test_profile_reports_form_errors(client, alice):
    client.force_login(alice)
    response = client.post(reverse("core:profile"), {"name": "", "expires_in_days": "30"})
    assert response.status_code == 200
    assert response.context["new_key"] is None
    assert not ApiToken.objects.exists()
    assert "invalid-feedback" in response.content.decode()


def test_profile_lists_only_own_tokens(client, alice, bob):
    token_create(user=alice, name="alice-token")
    token_create(user=bob, name="bob-token")
    client.force_login(alice)
    html = client.get(reverse("core:profile")).content.decode()
    assert "alice-token" in html and "bob-token" not in html


def test_revoke_from_the_profile(client, alice):
    token, key = token_create(user=alice, name="x")
    client.force_login(alice)
    response = client.post(reverse("core:token_revoke", args=[token.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("core:profile")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_authenticate(key) is None
    assert "已撤销" in client.get(reverse("core:profile")).content.decode()


def test_revoke_needs_post(client, alice):
    token, key = token_create(user=alice, name="x")
    client.force_login(alice)
    assert client.get(reverse("core:token_revoke", args=[token.pk])).status_code == 405
    assert token_authenticate(key) == alice


def test_another_user_cannot_revoke_from_the_profile(client, alice, bob):
    token, key = token_create(user=alice, name="x")
    client.force_login(bob)
    assert client.post(reverse("core:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert token_authenticate(key) == alice


def test_anonymous_cannot_revoke(client, alice):
    token, key = token_create(user=alice, name="x")
    assert client.post(reverse("core:token_revoke", args=[token.pk])).status_code == 302
    assert token_authenticate(key) == alice


# --- the create_token command --------------------------------------------------------------------


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_command_prints_a_working_key_once(alice):
    key, note = _run("alice", "--name", "同步脚本", "--days", "7")
    assert token_authenticate(key) == alice
    token = ApiToken.objects.get(user=alice)
    assert token.name == "同步脚本"
    assert dt.timedelta(days=6) < token.expires_at - timezone.now() <= dt.timedelta(days=7)
    assert key not in note and token.key_hint in note


def test_command_defaults(alice):
    key, _ = _run("alice")
    token = ApiToken.objects.get(user=alice)
    assert token.name == "命令行创建"
    assert dt.timedelta(days=89) < token.expires_at - timezone.now() <= dt.timedelta(days=90)
    assert token_authenticate(key) == alice


def test_command_days_zero_never_expires(alice):
    _run("alice", "--days", "0")
    assert ApiToken.objects.get(user=alice).expires_at is None


def test_command_rejects_unknown_or_inactive_users(alice):
    with pytest.raises(CommandError, match="不存在"):
        _run("nobody")
    alice.is_active = False
    alice.save()
    with pytest.raises(CommandError, match="停用"):
        _run("alice")
    with pytest.raises(CommandError):
        _run("alice", "--days", "-1")
    assert not ApiToken.objects.exists()


@pytest.mark.django_db(transaction=True)  # the CLI closes every connection when it is done
def test_command_via_the_zhibu_cli(alice, capsys):
    from zhibu.cli import main

    main(["manage", "create_token", "alice", "--days", "1"])
    key = capsys.readouterr().out.strip()
    assert token_authenticate(key) == alice
