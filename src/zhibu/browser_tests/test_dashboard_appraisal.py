"""Members vote, the secretary decides, and the dashboard's radar changes: the branch's appraisal run in the
browser (the members on phones), with the "七个有力" radar read from the dashboard's ECharts option before and
after."""

import pytest
from django.utils import timezone

from zhibu.assessment.factories import make_voters
from zhibu.strengths.models import Indicator

from .test_assessment import decide, open_appraisal, vote_on_phone

pytestmark = pytest.mark.browser

# The metrics through which a decided appraisal reaches the "七个有力" score.
APPRAISAL_METRICS = {"assessment.appraisals_held", "assessment.members_excellent"}


def radar(ui) -> dict[str, float]:
    """{strength: value} of the radar's first series (the branch), as ECharts holds it."""
    return ui.page.evaluate("""() => {
        const option = echarts.getInstanceByDom(document.querySelector("[data-zb-chart=strengths]")).getOption();
        const names = option.radar[0].indicator.map(i => i.name);
        const values = option.series[0].data[0].value;
        return Object.fromEntries(names.map((n, i) => [n, values[i]]));
    }""")


def test_members_vote_the_secretary_decides_and_the_radar_changes(cast, browser, ui):
    year = timezone.localdate().year
    voters = make_voters(branch=cast.branch, count=2)
    members = [cast.sec_member, cast.plain_member, *voters]
    usernames = {cast.sec_member.pk: "secretary", cast.plain_member.pk: "member",
                 voters[0].pk: voters[0].user.username, voters[1].pk: voters[1].user.username}

    ui.login("secretary")
    ui.goto(f"/dashboard/U1-WL-JG/?year={year}", "radar-before")
    before = radar(ui)
    assert set(before) == {"教育党员", "管理党员", "监督党员", "组织师生", "宣传师生", "凝聚师生", "服务师生"}

    appraisal_id = open_appraisal(ui, year)
    for voter in members:
        ballot = {m.pk: "excellent" if m == voters[0] else "qualified" for m in members if m != voter}
        assert "您已投票" in vote_on_phone(browser, ui, usernames[voter.pk], ballot)
    text = decide(ui, appraisal_id, {m.pk: "excellent" if m == voters[0] else "qualified" for m in members})
    assert "评议结果（已锁定）" in text

    ui.goto(f"/dashboard/U1-WL-JG/?year={year}", "radar-after")
    after = radar(ui)
    assert Indicator.objects.filter(enabled=True, numerator__in=APPRAISAL_METRICS).exists(), \
        "the 民主评议党员 indicator counts member appraisals"
    assert after["监督党员"] > before["监督党员"], (before, after)
    assert {k: v for k, v in after.items() if k != "监督党员"} == {k: v for k, v in before.items() if k != "监督党员"}
