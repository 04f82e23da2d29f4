"""`zhibu demo` and `zhibu serve`: the story loads once, its cast logs in with the right scopes."""

import io
import os
import sqlite3
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404
from django.urls import reverse

from zhibu.core.management.commands import demo as demo_command
from zhibu.core.management.commands import serve as serve_command
from zhibu.core.paths import path_child
from zhibu.core.personal import id_birth_date, id_gender
from zhibu.orgs import selectors
from zhibu.orgs.models import Honour, Member, Org, Position, Role

pytestmark = pytest.mark.django_db

REAL_NAMES = ("逄锦荣", "马立梅", "王红", "孙涛", "郭红钵", "郭佳")
SPAM = "全球最大的赌钱网"
PASSWORD = demo_command.DEMO_PASSWORD


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "orgs": sorted(Org.all_objects.values_list("code", flat=True)),
        "members": sorted(Member.all_objects.values_list("org__code", "name")),
        "positions": Position.objects.count(),
        "honours": Honour.objects.count(),
        "roles": sorted(Role.objects.values_list("user__username", "org__code", "kind")),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
    }


def test_demo_tells_the_story():
    out = run_demo()
    branch = Org.objects.get(code="U1-WL-JG")
    chain = [branch.parent.parent.parent.parent, branch.parent.parent.parent, branch.parent.parent, branch.parent]
    assert [(o.name, o.kind) for o in chain] == [
        ("市委组织部", "superior"), ("市委教育工委", "superior"), ("中共示例大学委员会", "committee"),
        ("中共示例大学物流学院委员会", "committee"),
    ]
    assert chain[2].short_name == "示例大学党委" and chain[3].short_name == "物流学院党委"
    assert (branch.name, branch.category, str(branch.established_on)) == ("物流管理专业教工党支部", "faculty", "2006-09-10")
    assert branch.term_start < branch.term_end
    national = branch.honours.get(level=Honour.Level.NATIONAL)
    assert (national.title, national.year, national.awarded_by) == ("全国党建工作样板支部", 2019, "教育部")
    assert branch.honours.count() >= 3
    assert Org.objects.filter(parent=branch, kind=Org.Kind.GROUP).count() == 3

    members = Member.objects.filter(org=branch)
    assert 12 <= members.count() <= 16
    assert {m.occupation for m in members} == {"teacher", "staff"}
    committee = {p.kind: p for p in Position.objects.filter(org=branch, ended_on__isnull=True)}
    assert committee["secretary"].member.name == "陈立华"
    titles = set(Position.objects.filter(org=branch, kind="committee_member").values_list("title", flat=True))
    assert titles == {"组织委员", "宣传委员", "纪检委员"}
    assert Position.objects.filter(org__parent=branch, kind="group_leader").count() == 3

    sibling = Org.objects.get(code="U1-WL-XS")
    students = Member.objects.filter(org=sibling, occupation="student")
    assert 22 <= Member.objects.filter(org=sibling).count() <= 28
    assert {m.status for m in students} == {"activist", "candidate", "probationary", "full"}
    assert all(m.major and m.class_year for m in students)
    assert Org.objects.filter(code="U1-WL-GC", kind="branch").exists()
    assert Org.objects.filter(parent__code="U1-JG", kind="branch").count() in (2, 3)

    for username in ("secretary", "member", "sibling", "organiser", "reviewer", "admin"):
        assert username in out
    # The logins fit a terminal; what each can try is listed under them, one line a tip.
    table = out[out.index("用户名") : out.index("可以试试：")]
    assert max(demo_command.display_width(line) for line in table.splitlines()) <= 100
    tips = out[out.index("可以试试：") :]
    assert "secretary（陈立华）：" in tips and "\n  · " in tips
    assert PASSWORD in out and "所在组织" in out


def test_demo_rows_pass_the_invariants():
    run_demo()
    for org in Org.objects.all():
        org.full_clean()
        expected = path_child(org.parent.path, org.pk) if org.parent else path_child("", org.pk)
        assert org.path == expected
    for member in Member.objects.select_related("org", "group"):
        member.full_clean()
        assert member.org_path == member.org.path
        assert member.gender == id_gender(member.id_number)
        assert member.birth_date == id_birth_date(member.id_number)
        assert member.id_number.startswith("1101")
        assert member.group is None or member.group.parent_id == member.org_id
    assert Member.objects.values("id_number").distinct().count() == Member.objects.count()


def test_running_demo_twice_is_idempotent():
    run_demo()
    before = snapshot()
    out = run_demo()
    assert snapshot() == before
    assert "secretary" in out


def test_demo_reuses_superiors_created_by_generate():
    call_command("generate", "--universities", "1", "--branches-per-university", "2", "--members-per-branch", "3",
                 "--seed", "1", stdout=io.StringIO(), stderr=io.StringIO())
    run_demo()
    assert Org.objects.filter(code="M-JYGW").count() == 1
    assert Org.objects.get(code="U1").parent.code == "M-JYGW"


def test_demo_keeps_an_existing_admin_and_its_password(client):
    get_user_model().objects.create_superuser(username="admin", email="", password="my-own-secret-1")
    out = run_demo()
    assert client.login(username="admin", password="my-own-secret-1")
    assert "密码未修改" in out


def test_demo_explains_a_clash_with_existing_data():
    Org.objects.create(name="别人的组织", code="U1", kind=Org.Kind.SUPERIOR, path="999999999")
    with pytest.raises(CommandError, match="演示数据无法载入"):
        run_demo()


def test_demo_users_log_in_with_their_scopes(client):
    run_demo()
    User = get_user_model()
    users = {u.username: u for u in User.objects.all()}
    for username, user in users.items():
        assert client.login(username=username, password=PASSWORD), username
        assert user.first_name
    assert users["admin"].is_superuser and not users["organiser"].is_superuser
    assert users["secretary"].member.name == "陈立华" and users["member"].member.name == "周敏"
    assert users["sibling"].member.org.code == "U1-WL-XS"

    branch, sibling = Org.objects.get(code="U1-WL-JG"), Org.objects.get(code="U1-WL-XS")
    faculty_member = Member.objects.filter(org=branch).first()
    visible = selectors.member_list_for_user(user=users["sibling"])
    assert visible.exists() and all(m.org_id == sibling.pk for m in visible)
    with pytest.raises(Http404):
        selectors.member_get_for_user(user=users["sibling"], member_id=faculty_member.pk)
    with pytest.raises(Http404):
        selectors.org_get_for_user(user=users["sibling"], code=branch.code)
    assert set(selectors.member_list_for_user(user=users["secretary"])) == set(Member.objects.filter(org=branch))
    assert selectors.member_list_for_user(user=users["organiser"]).count() == Member.objects.count()
    assert selectors.member_list_for_user(user=users["reviewer"]).count() == Member.objects.count()
    assert selectors.can_see_personal(users["secretary"], branch.path)
    assert not selectors.can_see_personal(users["member"], branch.path)
    assert not selectors.can_see_personal(users["reviewer"], branch.path)

    client.force_login(users["sibling"])
    assert client.get(reverse("orgs:org_detail", args=[branch.code])).status_code == 404
    assert client.get(reverse("orgs:org_detail", args=[sibling.code])).status_code == 200


def test_demo_password_passes_the_validators():
    run_demo()
    for user in get_user_model().objects.all():
        validate_password(PASSWORD, user)


def test_demo_names_no_real_person_and_no_spam():
    run_demo()
    texts = []
    for org in Org.all_objects.all():
        texts += [org.name, org.short_name, org.description]
    for member in Member.all_objects.all():
        texts += [member.name, member.note]
    texts += [h.awarded_by for h in Honour.objects.all()]
    texts += list(get_user_model().objects.values_list("first_name", flat=True))
    for text in texts:
        assert SPAM not in text
        assert not any(name in text for name in REAL_NAMES), text


@pytest.mark.django_db(transaction=True)  # PostgreSQL cannot TRUNCATE inside the test's transaction
def test_reset_starts_over():
    run_demo()
    before = snapshot()
    Org.objects.create(name="多余的组织", code="EXTRA", kind=Org.Kind.SUPERIOR, path="999999999")
    member = Member.objects.get(name="周敏")
    member.name = "周敏改"
    member.save()
    out = run_demo("--reset", "--noinput")
    assert "已删除" in out
    assert snapshot() == before
    assert not Org.all_objects.filter(code="EXTRA").exists()


def test_later_apps_get_the_context_on_every_run(monkeypatch):
    seen = []

    def load(ctx):
        seen.append((ctx.orgs["branch"].code, ctx.users["secretary"].username, ctx.members["secretary"].name))
        ctx.tip("secretary", "记录一次支部委员会")

    fake = SimpleNamespace(load=load)
    real = demo_command.demo_modules()
    assert [module.__name__ for _, module in real][0] == "zhibu.orgs.demo"
    monkeypatch.setattr(demo_command, "demo_modules", lambda: [*real, ("会议", fake)])
    out = run_demo()
    run_demo()
    assert seen == [("U1-WL-JG", "secretary", "陈立华")] * 2
    assert "记录一次支部委员会" in out


def test_table_aligns_chinese_columns():
    table = demo_command.format_table(["用户名", "姓名"], [["admin", "系统管理员"], ["secretary", "陈立华"]])
    assert table.splitlines() == [
        "用户名     姓名",
        "---------  ----------",
        "admin      系统管理员",
        "secretary  陈立华",
    ]


# --- serve ----------------------------------------------------------------------------------------


def test_serve_runs_gunicorn_after_checking_migrations(monkeypatch):
    calls = []
    monkeypatch.setattr(serve_command, "run_gunicorn", lambda *args: calls.append(args))
    out = io.StringIO()
    call_command("serve", "--port", "0", stdout=out, stderr=io.StringIO())
    assert calls == [("127.0.0.1", 0, 2, 2)]
    assert "http://127.0.0.1:0/" in out.getvalue()


def test_serve_falls_back_to_runserver_off_posix(monkeypatch):
    calls = []
    monkeypatch.setattr(serve_command, "os", SimpleNamespace(name="nt"))
    monkeypatch.setattr(serve_command, "call_command", lambda *args, **kw: calls.append((args, kw)))
    call_command("serve", "--port", "0", stdout=io.StringIO(), stderr=io.StringIO())
    assert calls == [(("runserver", "127.0.0.1:0"), {"use_reloader": False, "skip_checks": True})]


def test_serve_refuses_a_taken_port(monkeypatch):
    monkeypatch.setattr(serve_command, "bind_problem", lambda host, port: "Address already in use")
    with pytest.raises(CommandError, match="--port"):
        call_command("serve", stdout=io.StringIO(), stderr=io.StringIO())


def test_serve_refuses_a_database_with_pending_migrations(monkeypatch):
    monkeypatch.setattr(serve_command, "pending_migrations", lambda: ["orgs.0002_more"])
    with pytest.raises(CommandError, match="zhibu manage migrate"):
        call_command("serve", stdout=io.StringIO(), stderr=io.StringIO())


# --- the real command line, on a fresh SQLite home ------------------------------------------------


def _zhibu(home, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIBU_") and k != "DJANGO_SETTINGS_MODULE"}
    env["ZHIBU_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "zhibu.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_command_line_demo_on_a_fresh_home(tmp_path):
    home = tmp_path / "home"
    refused = _zhibu(home, "serve", "--port", "0")
    assert refused.returncode == 1 and "zhibu demo" in refused.stderr

    first = _zhibu(home, "demo", "--no-serve")
    assert first.returncode == 0, first.stderr
    assert "secretary" in first.stdout
    db = home / "zhibu.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE leftover (x)")
        members = conn.execute("SELECT count(*) FROM orgs_member").fetchone()[0]
    conn.close()

    again = _zhibu(home, "demo", "--no-serve", "--reset")
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert conn.execute("SELECT count(*) FROM orgs_member").fetchone()[0] == members
    conn.close()
    assert "leftover" not in tables
