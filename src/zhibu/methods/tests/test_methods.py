"""Method services: structure, the name's numerals against the pillars, who may write, history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhibu.core.audit import history_for
from zhibu.methods import services
from zhibu.methods.factories import REPORT_PILLARS, make_method
from zhibu.methods.models import Pillar, PillarItem, WorkMethod
from zhibu.methods.services import PillarRow

pytestmark = pytest.mark.django_db


def test_it_records_the_reports_method_as_structure(cast):
    method = make_method(branch=cast.branch, by=cast.secretary, slogan="打造高水平育人团队")
    assert method.name == "一三三" and method.org_path == cast.branch.path
    pillars = list(method.pillars.order_by("ordinal"))
    assert [(p.count, p.measure, p.label) for p in pillars] == [(1, "个", "中心"), (3, "重", "共建工作机制"),
                                                                (3, "大", "任务")]
    assert [i.text for i in pillars[1].items.order_by("ordinal")] == ["支部与专业共建", "教工与学生党支部共建",
                                                                      "校内校外支部共建"]
    assert method.goals == ["同研究", "同部署", "同落实", "同考核"]
    entry = history_for(method).get()
    assert entry.actor == cast.secretary and "一个中心：围绕专业建设" in entry.changes["组成部分"][1]


def test_a_name_that_disagrees_with_the_pillars_is_refused_and_nothing_is_saved(cast):
    with pytest.raises(ValidationError) as exc:
        make_method(branch=cast.branch, by=cast.secretary, name="一二三")
    assert exc.value.message_dict["name"] == ["名称“一二三”的第2个数字是“二”，与第2部分“共建工作机制”的数目“三”不一致"]
    assert WorkMethod.all_objects.count() == Pillar.objects.count() == PillarItem.objects.count() == 0


def test_a_pillar_with_the_wrong_number_of_items_is_refused(cast):
    rows = [REPORT_PILLARS[0], PillarRow("任务", 3, ["教师思政", "学生思政"], "大")]
    with pytest.raises(ValidationError) as exc:
        make_method(branch=cast.branch, by=cast.secretary, name="一三", pillars=rows)
    assert exc.value.message_dict["pillars"] == ["第2部分“三大任务”应有3项，现在是2项"]


def test_an_empty_name_is_derived_from_the_pillars(cast):
    method = make_method(branch=cast.branch, by=cast.secretary, name="")
    assert method.name == "一三三"


def test_three_plus_x_has_an_open_ended_pillar(cast):
    rows = [PillarRow("任务", 3, ["a", "b", "c"], "项"), PillarRow("特色工作", None, ["d", "e", "f", "g"])]
    method = make_method(branch=cast.branch, by=cast.secretary, name="3+X", pillars=rows)
    assert [p.numeral for p in method.pillars.order_by("ordinal")] == ["三", "X"]


def test_a_labelled_name_must_name_the_pillars(cast):
    rows = [PillarRow("中心", 1, ["a"]), PillarRow("支柱", 2, ["b", "c"]), PillarRow("对接", 3, ["d", "e", "f"]),
            PillarRow("任务", 4, ["g", "h", "i", "j"])]
    assert make_method(branch=cast.branch, by=cast.secretary, name="一中心两支柱三对接四任务", pillars=rows).pk
    with pytest.raises(ValidationError, match="“支柱”与第2部分“保障”"):
        make_method(branch=cast.branch, by=cast.secretary, name="一中心两支柱",
                    pillars=[PillarRow("中心", 1, ["a"]), PillarRow("保障", 2, ["b", "c"])])


@pytest.mark.parametrize("who", ["member_user", "sibling_secretary", "organiser", "reviewer"])
def test_only_the_branchs_own_writers_may_record_its_method(cast, who):
    with pytest.raises(PermissionDenied):
        make_method(branch=cast.branch, by=getattr(cast, who))


def test_a_method_belongs_to_a_branch(cast):
    with pytest.raises(ValidationError, match="工作法属于党支部"):
        make_method(branch=cast.school, by=cast.admin)


def test_updating_pillars_replaces_them_and_records_the_change(cast):
    method = make_method(branch=cast.branch, by=cast.secretary)
    rows = [*REPORT_PILLARS[:2], PillarRow("任务", 3, ["教师思政", "学生思政", "课程思政建设"], "大")]
    services.method_update(by=cast.secretary, method=method, pillars=rows, slogan="新副标题")
    method.refresh_from_db()
    assert method.slogan == "新副标题"
    entry = history_for(method).first()
    assert "课程思政建设" in entry.changes["组成部分"][1] and entry.changes["slogan"] == ["", "新副标题"]


def test_the_same_name_twice_in_one_branch_is_refused(cast):
    make_method(branch=cast.branch, by=cast.secretary)
    with pytest.raises(ValidationError, match="本支部已有“一三三”工作法"):
        make_method(branch=cast.branch, by=cast.secretary)
