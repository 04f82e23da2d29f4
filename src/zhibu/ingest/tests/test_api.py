"""POST /api/ingest/extract: the JSON contract for an upload; nothing written; scoped like the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhibu.meetings.models import Meeting

pytestmark = pytest.mark.django_db
URL = "/api/ingest/extract"


def test_extract_returns_the_contract(cast, login, seed_text, django_assert_max_num_queries):
    client = login(cast.secretary)
    with django_assert_max_num_queries(8):
        response = client.post(URL, {"file": SimpleUploadedFile("seed.txt", seed_text.encode())})
    assert response.status_code == 200, response.content
    data = response.json()
    assert set(data) == {"event", "work_method", "spam"}
    assert data["event"]["date"] == "2022-07-14" and data["event"]["chair"] == "郭红钵"
    assert data["event"]["attendees"][1] == {"name": "马立梅", "unit": "示例大学", "title": "党委书记"}
    assert data["work_method"]["name"] == "一三三" and data["spam"]["injected"] is True
    assert not Meeting.all_objects.exists()


def test_bad_file_is_400_in_chinese(cast, login):
    response = login(cast.secretary).post(URL, {"file": SimpleUploadedFile("junk.txt", bytes(range(256)) * 10)})
    assert response.status_code == 400
    assert "二进制" in response.json()["detail"]


def test_read_only_is_403_and_anonymous_401(cast, login, client, seed_text):
    response = login(cast.member_user).post(URL, {"file": SimpleUploadedFile("seed.txt", seed_text.encode())})
    assert response.status_code == 403
    client.logout()
    assert client.post(URL, {"file": SimpleUploadedFile("seed.txt", b"x")}).status_code == 401
