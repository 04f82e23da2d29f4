"""The inbox's unread badge: fetched after the page, so that pages pay no query for it."""

import pytest
from django.urls import reverse

from zhibu.core.notifications import notification_mark_read, notify

pytestmark = pytest.mark.django_db


def test_the_badge_counts_unread_notices_of_this_user_only(cast, login):
    notify(recipients=[cast.secretary], verb="案例待修改", url="/methods/")
    notify(recipients=[cast.secretary, cast.organiser], verb="案例已提交", url="/methods/")
    url = reverse("core:inbox_badge")
    assert ">2<" in login(cast.secretary).get(url).content.decode()
    assert ">1<" in login(cast.organiser).get(url).content.decode()
    notification_mark_read(user=cast.secretary)
    assert "badge" not in login(cast.secretary).get(url).content.decode()


def test_the_badge_is_empty_for_anonymous_visitors(client):
    response = client.get(reverse("core:inbox_badge"))
    assert response.status_code == 200 and response.content.strip() == b""


def test_pages_load_the_badge_after_rendering(cast, login, django_assert_max_num_queries):
    notify(recipients=[cast.secretary], verb="案例待修改", url="/methods/")
    client = login(cast.secretary)
    client.get(reverse("core:inbox_badge"))
    with django_assert_max_num_queries(3):  # the session, the user, the count
        response = client.get(reverse("core:inbox_badge"))
    assert "1条未读消息" in response.content.decode()
    page = login(cast.secretary).get(reverse("core:inbox")).content.decode()
    assert f'hx-get="{reverse("core:inbox_badge")}"' in page
