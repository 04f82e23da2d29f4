"""A graduate's own login (no role anywhere) has nothing of the school's careers work to see: pages send them to
我的毕业寄, posts are 404, the API lists nothing and details are 404."""

import pytest
from django.urls import reverse

from zhibu.careers.factories import GraduateFactory
from zhibu.careers.models import Graduate, JobPost
from zhibu.orgs.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def grad(car, cast):
    user = UserFactory(username="graduate", first_name="刘畅")
    GraduateFactory(org=cast.sibling, name="刘畅", student_number="2018030301", user=user)
    return user


def test_careers_pages_send_the_graduate_to_their_mailing(car, grad, login):
    client = login(grad)
    for url in [
        reverse("careers:index"),
        reverse("careers:last_mile"),
        reverse("careers:last_mile_export"),
        reverse("careers:employers"),
        reverse("careers:visits"),
        reverse("careers:jobs"),
        reverse("careers:graduates"),
        reverse("careers:trash"),
        reverse("careers:graduate_create"),
        reverse("careers:job_detail", args=[car.job.pk]),
        reverse("careers:job_edit", args=[car.job.pk]),
        reverse("careers:graduate_detail", args=[car.alice.pk]),
    ]:
        assert client.get(url)["Location"] == reverse("gradmail:mine"), url
    for url in [
        reverse("careers:job_delete", args=[car.job.pk]),
        reverse("careers:graduate_status", args=[car.alice.pk]),
        reverse("careers:target_set"),
    ]:
        assert client.post(url, {"status": "employed"}).status_code == 404, url
    assert (
        JobPost.objects.filter(pk=car.job.pk).exists()
        and Graduate.objects.get(pk=car.alice.pk).status == "seeking"
    )


def test_the_careers_api_shows_the_graduate_nothing(car, grad, login):
    client = login(grad)
    for url in ["/api/employers/", "/api/visits/", "/api/jobs/", "/api/graduates/"]:
        assert client.get(url).json()["count"] == 0, url
    for url in [f"/api/visits/{car.visit.pk}", f"/api/jobs/{car.job.pk}", f"/api/graduates/{car.alice.pk}"]:
        assert client.get(url).status_code == 404, url
    r = client.patch(
        f"/api/graduates/{car.alice.pk}", {"status": "employed"}, content_type="application/json"
    )
    assert r.status_code == 404


def test_a_secretary_is_not_redirected(car, cast, login):
    assert login(cast.secretary).get(reverse("careers:index")).status_code == 200
