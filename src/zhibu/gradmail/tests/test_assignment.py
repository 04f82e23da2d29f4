"""The assignment on hand-made cases: building, preferred dates and capacity are never broken, the most
registrations are placed, and what cannot be placed says why."""

import datetime as dt

import pytest

from zhibu.gradmail import services_parcels
from zhibu.gradmail.assignment import FULL, NO_BUILDING, NO_DATES, Need, Place, assign
from zhibu.gradmail.models import Registration

from .conftest import register

D = dt.date
J = lambda day: D(2022, 6, day)  # noqa: E731


def _check(needs, places, out):
    need = {n.id: n for n in needs}
    place = {p.id: p for p in places}
    used: dict[int, int] = {}
    for nid, pid in out.placed.items():
        n, p = need[nid], place[pid]
        assert n.building == p.building, (n, p)
        assert n.start <= p.date <= n.end, (n, p)
        used[pid] = used.get(pid, 0) + 1
    for pid, count in used.items():
        assert count <= place[pid].free
    assert set(out.placed) | set(out.unplaced) == set(need)
    assert not set(out.placed) & set(out.unplaced)


def test_it_keeps_each_registration_in_its_own_building():
    needs = [Need(1, "7号楼", J(20), J(22)), Need(2, "9号楼", J(20), J(22))]
    places = [Place(10, "7号楼", J(21), 0, 5)]
    out = assign(needs, places)
    _check(needs, places, out)
    assert out.placed == {1: 10}
    assert out.unplaced[2] == (NO_BUILDING, "楼栋“9号楼”没有安排班次")


def test_it_keeps_within_the_preferred_dates():
    needs = [Need(1, "7号楼", J(18), J(19)), Need(2, "7号楼", J(20), J(20)), Need(3, "7号楼", J(23), J(25))]
    places = [Place(10, "7号楼", J(20), 0, 5), Place(11, "7号楼", J(21), 0, 5)]
    out = assign(needs, places)
    _check(needs, places, out)
    assert out.placed == {2: 10}
    assert out.unplaced[1] == (NO_DATES, "意向日期6月18日至6月19日内楼栋“7号楼”没有班次")
    assert out.unplaced[3][0] == NO_DATES


def test_it_never_fills_a_shift_past_its_places():
    needs = [Need(i, "7号楼", J(20), J(20)) for i in range(1, 6)]
    places = [Place(10, "7号楼", J(20), 0, 2), Place(11, "7号楼", J(20), 1, 1)]
    out = assign(needs, places)
    _check(needs, places, out)
    assert len(out.placed) == 3
    assert [code for code, _ in out.unplaced.values()] == [FULL, FULL]
    assert "意向日期6月20日至6月20日内楼栋“7号楼”的2个班次已满" in {m for _, m in out.unplaced.values()}


def test_it_gives_the_scarce_early_place_to_whoever_cannot_wait():
    # A first-come choice would give the 20th to registration 1 and leave 2 with nothing.
    needs = [Need(1, "7号楼", J(20), J(22)), Need(2, "7号楼", J(20), J(20))]
    places = [Place(10, "7号楼", J(20), 0, 1), Place(11, "7号楼", J(22), 0, 1)]
    out = assign(needs, places)
    _check(needs, places, out)
    assert out.placed == {2: 10, 1: 11}


def test_it_places_as_many_as_any_assignment_could_on_a_crowded_building():
    # Three shifts of two places: six of the eight fit, and the sweep finds six.
    needs = [Need(1, "A", J(1), J(1)), Need(2, "A", J(1), J(3)), Need(3, "A", J(1), J(2)), Need(4, "A", J(2), J(2)),
             Need(5, "A", J(2), J(3)), Need(6, "A", J(3), J(3)), Need(7, "A", J(1), J(1)), Need(8, "A", J(1), J(1))]
    places = [Place(10, "A", J(1), 0, 2), Place(11, "A", J(2), 0, 2), Place(12, "A", J(3), 0, 2)]
    out = assign(needs, places)
    _check(needs, places, out)
    assert len(out.placed) == 6
    assert {out.unplaced[n][0] for n in out.unplaced} == {FULL}


def test_a_shift_with_no_places_left_takes_nobody():
    needs = [Need(1, "A", J(1), J(5))]
    places = [Place(10, "A", J(2), 0, 0)]
    out = assign(needs, places)
    assert out.unplaced[1][0] == FULL


def test_progress_is_reported():
    seen = []
    assign([Need(1, "A", J(1), J(1)), Need(2, "B", J(1), J(1))], [], progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)


@pytest.mark.django_db
def test_the_run_writes_shifts_and_reasons_and_keeps_earlier_assignments(gm):
    a = register(gm, gm.graduate, room="301")
    b = register(gm, gm.others[0], room="302")
    c = register(gm, gm.others[1], room="303", building="学生公寓9号楼", start=D(2022, 6, 10), end=D(2022, 6, 12))
    d = register(gm, gm.others[2], room="304", building="学生公寓3号楼")
    run = services_parcels.assignment_run(by=None, campaign=gm.campaign)
    assert (run.considered, run.assigned, run.unassigned) == (4, 2, 2)
    assert run.reasons == {"no_dates": 1, "no_building": 1}
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db(), d.refresh_from_db()
    assert a.shift == gm.s7 and a.status == Registration.Status.ASSIGNED and b.shift == gm.s7
    assert c.shift is None and "6月10日至6月12日" in c.unassigned_reason
    assert d.unassigned_reason == "楼栋“学生公寓3号楼”没有安排班次"
    # The next run counts the places already taken: s7 has one left.
    run2 = services_parcels.assignment_run(by=None, campaign=gm.campaign)
    assert run2.considered == 2 and run2.assigned == 0
    assert services_parcels.share_assigned(campaign=gm.campaign) == 0.5


@pytest.mark.django_db
def test_only_the_campaigns_managers_may_run_it(gm, cast):
    from django.core.exceptions import PermissionDenied

    for user in (cast.member_user, cast.secretary, cast.sibling_secretary):
        with pytest.raises(PermissionDenied):
            services_parcels.assignment_run(by=user, campaign=gm.campaign)
    services_parcels.assignment_run(by=cast.organiser, campaign=gm.campaign)


@pytest.mark.django_db
def test_reset_returns_unpacked_registrations_to_the_queue(gm):
    from zhibu.gradmail import services

    a = register(gm, gm.graduate, room="301")
    b = register(gm, gm.others[0], room="302", building="学生公寓9号楼", start=D(2022, 6, 21), end=D(2022, 6, 22))
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    services_parcels.registration_pack(by=None, registration=Registration.objects.get(pk=a.pk),
                                       parcels=[services_parcels.ParcelRow("sf")])
    later = services.shift_create(by=None, campaign=gm.campaign, date=D(2022, 6, 22), slot="morning",
                                  building="学生公寓9号楼", quota=1)
    Shift = type(later)
    Shift.objects.filter(pk=gm.s9.pk).update(quota=0)  # the 21st is cancelled
    run = services_parcels.assignment_run(by=None, campaign=gm.campaign, reset=True)
    assert run.considered == 1 and run.assigned == 1  # the packed registration keeps its shift
    assert Registration.objects.get(pk=b.pk).shift_id == later.pk
    assert Registration.objects.get(pk=a.pk).shift_id == gm.s7.pk
