"""The upload and review pages: spam shown first, every field pre-filled, confirm creates the records,
scope (only orgs the user manages), bad files refused with a Chinese message, bounded queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhibu.meetings.models import Meeting
from zhibu.methods.models import Case, WorkMethod

pytestmark = pytest.mark.django_db


def upload(client, text: str, name: str = "report.txt"):
    return client.post(reverse("ingest:index"), {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def confirm_data(response, **changes) -> dict:
    """The review form as the browser would post it: every pre-filled value, with `changes`."""
    form, att, agenda, pillars = (response.context[k] for k in ("form", "attendees", "agenda", "pillars"))
    data = {}
    for f in (form,):
        for name, field in f.fields.items():
            value = f.initial.get(name, field.initial)
            data[name] = "" if value is None else value
    for prefix, formset in (("att", att), ("agenda", agenda), ("pillar", pillars)):
        data[f"{prefix}-TOTAL_FORMS"] = len(formset.forms)
        data[f"{prefix}-INITIAL_FORMS"] = 0
        for i, f in enumerate(formset.forms):
            for name in f.fields:
                value = f.initial.get(name, "")
                data[f"{prefix}-{i}-{name}"] = "" if value is None else value
    data.update(changes)
    return data


def test_anonymous_is_sent_to_login(client):
    for url in (reverse("ingest:index"), reverse("ingest:confirm")):
        response = client.get(url) if url.endswith("ingest/") else client.post(url)
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", ["member_user", "reviewer"])
def test_read_only_roles_get_403(cast, login, who):
    client = login(getattr(cast, who))
    assert client.get(reverse("ingest:index")).status_code == 403
    assert client.post(reverse("ingest:confirm"), {}).status_code == 403


def test_upload_page_query_count_is_bounded(cast, login, django_assert_max_num_queries):
    client = login(cast.secretary)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("ingest:index")).status_code == 200


def test_review_shows_spam_first_and_every_field(cast, login, seed_text, django_assert_max_num_queries):
    client = login(cast.secretary)
    with django_assert_max_num_queries(10):
        response = upload(client, seed_text)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index('id="spam-warning"') < body.index('id="source"') < body.index('id="report-form"')
    assert "组织名称被替换" in body
    assert 'data-field="event.place"' in body and 'data-field="event.chair"' in body
    assert '<mark class="zb-spam"' in body
    form = response.context["form"]
    assert form.initial["date"] == "2022-07-14" and form.initial["time"] == "08:30"
    assert form.initial["chair_name"] == "郭红钵" and form.initial["kind"] == "symposium"
    assert form.initial["method_name"] == "一三三"
    units = [f.initial["unit"] for f in response.context["attendees"].forms[:5]]
    assert units == ["市委教育工委组织一处", "示例大学", "示例大学", "示例大学", "物流管理专业教工党支部"]
    assert [c[0] for c in form.fields["org"].choices] == ["", cast.branch.code, cast.group.code]


def test_confirm_creates_the_meeting_and_the_method_drafts(cast, login, seed_text):
    client = login(cast.secretary)
    review = upload(client, seed_text)
    data = confirm_data(review, org=cast.branch.code, **{"att-1-unit": "示例大学"})
    response = client.post(reverse("ingest:confirm"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.org == cast.branch and meeting.kind == "symposium" and meeting.chair_name == "郭红钵"
    assert meeting.starts_at.date().isoformat() == "2022-07-14"
    assert meeting.guests.filter(name="马立梅", unit="示例大学").exists()
    assert meeting.agenda.count() == 2
    assert "赌钱" not in meeting.minutes and "赌钱" not in str(list(meeting.guests.values_list()))
    method = WorkMethod.objects.get()
    assert method.name == "一三三" and Case.objects.filter(method=method, status="draft").exists()


def test_confirm_refuses_the_injected_phrase(cast, login, seed_text):
    client = login(cast.secretary)
    review = upload(client, seed_text)
    data = confirm_data(review, org=cast.branch.code, **{"att-1-unit": "全球最大的赌钱网"})
    response = client.post(reverse("ingest:confirm"), data)
    assert response.status_code == 400
    assert "含有推广用语" in response.content.decode()
    assert not Meeting.all_objects.exists()


def test_confirm_only_under_managed_orgs(cast, login, seed_text):
    client = login(cast.secretary)
    review = upload(client, seed_text)
    response = client.post(reverse("ingest:confirm"), confirm_data(review, org=cast.sibling.code))
    assert response.status_code == 400
    assert "org" in response.context["form"].errors
    assert not Meeting.all_objects.exists()


@pytest.mark.parametrize("name, content, message", [
    ("junk.txt", bytes(range(256)) * 20, "二进制"),
    ("empty.txt", b"", "空"),
    ("report.pdf", b"%PDF-1.4 x", "类型不支持"),
])
def test_bad_files_get_a_chinese_message(cast, login, name, content, message):
    client = login(cast.secretary)
    response = client.post(reverse("ingest:index"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.all_objects.exists()


def test_pasted_text_works(cast, login):
    client = login(cast.secretary)
    response = client.post(reverse("ingest:index"), {"text": "5月8日下午2:30，支部在学院112会议室召开支部党员大会，会议由支部书记陈立华主持。"})
    assert response.status_code == 200
    assert response.context["form"].initial["place"] == "学院112会议室"
