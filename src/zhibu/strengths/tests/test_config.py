"""The indicator table: weights must add up to 100 or nothing changes; edits are audited; admins only."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zhibu.core.audit import history_for
from zhibu.strengths import services
from zhibu.strengths.models import Indicator


def test_weights_not_adding_up_to_100_are_refused_and_nothing_changes(cast):
    before = {i.code: (i.weight, i.target) for i in Indicator.objects.all()}
    with pytest.raises(ValidationError) as exc:
        services.indicators_update(by=cast.admin, rows={"party_lectures": {"weight": "8", "target": "6"}})
    msg = exc.value.message_dict["weight"][0]
    assert "权重之和须为100" in msg and "现为103" in msg and "未作任何修改" in msg
    assert {i.code: (i.weight, i.target) for i in Indicator.objects.all()} == before


def test_moving_weight_between_indicators_is_saved_and_audited(cast):
    changed = services.indicators_update(by=cast.admin, rows={
        "party_lectures": {"weight": "7", "target": "6"}, "theme_days": {"weight": "4"}})
    assert {i.code for i in changed} == {"party_lectures", "theme_days"}
    ind = Indicator.objects.get(code="party_lectures")
    assert (ind.weight, ind.target) == (Decimal(7), Decimal(6))
    entry = history_for(ind).get()
    assert entry.actor == cast.admin and entry.changes["weight"] == ["5.00", "7"]


def test_disabling_an_indicator_needs_its_weight_moved(cast):
    with pytest.raises(ValidationError):
        services.indicators_update(by=cast.admin, rows={"jobs_opened": {"enabled": False}})
    services.indicators_update(by=cast.admin, rows={"jobs_opened": {"enabled": False},
                                                    "gradmail_parcels": {"weight": "4"}})
    assert not Indicator.objects.get(code="jobs_opened").enabled


def test_bad_numbers_are_named(cast):
    with pytest.raises(ValidationError) as exc:
        services.indicators_update(by=cast.admin, rows={"party_lectures": {"target": "四次"},
                                                        "theme_days": {"target": "0"}})
    errors = exc.value.message_dict
    assert "“党课”的目标值“四次”不是数字" in errors["party_lectures-target"][0]
    assert "须大于0" in errors["theme_days-target"][0]


def test_only_system_admins_edit_indicators(cast):
    with pytest.raises(PermissionDenied):
        services.indicators_update(by=cast.organiser, rows={"party_lectures": {"target": "5"}})


def test_indicator_page_refuses_a_bad_weight_table(cast, login):
    c = login(cast.admin)
    data = {}
    for i in Indicator.objects.all():
        data[f"{i.code}-target"] = f"{i.target}"
        data[f"{i.code}-weight"] = f"{i.weight}"
        data[f"{i.code}-citation"] = i.citation
        data[f"{i.code}-enabled"] = "on"
    data["party_lectures-weight"] = "50"
    r = c.post(reverse("strengths:indicators"), data)
    assert r.status_code == 200
    assert "权重之和须为100，现为145" in r.content.decode()
    assert Indicator.objects.get(code="party_lectures").weight == 5
    data["party_lectures-weight"] = "4"
    data["theme_days-weight"] = "7"
    r = c.post(reverse("strengths:indicators"), data)
    assert r.status_code == 302
    assert Indicator.objects.get(code="theme_days").weight == 7
    r = c.get(reverse("strengths:indicator_history"))
    assert "主题党日" in r.content.decode()


def test_indicator_page_is_read_only_for_others(cast, login):
    c = login(cast.organiser)
    assert c.get(reverse("strengths:indicators")).status_code == 200
    assert c.post(reverse("strengths:indicators"), {}).status_code == 403
