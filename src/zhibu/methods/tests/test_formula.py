"""Formula parsing: the report's sentence and other shapes, names and their numerals, and clear errors."""

import pytest

from zhibu.methods.formula import (
    FormulaError,
    NamePart,
    items_problems,
    name_for,
    name_problems,
    parse_formula,
    parse_name,
    split_items,
)

REPORT = ("以围绕专业建设为“一”个中心，以构建支部与专业共建、教工与学生党支部共建、校内校外支部共建为“三”重共建工作机制，"
          "以开展教师思政、学生思政、课程思政建设为“三”大任务")


def shape(formula):
    return [(p.count, p.measure, p.label, p.items) for p in formula.pillars]


def test_it_reads_the_reports_sentence():
    f = parse_formula(REPORT)
    assert f.name == "一三三"
    assert shape(f) == [
        (1, "个", "中心", ["围绕专业建设"]),
        (3, "重", "共建工作机制", ["支部与专业共建", "教工与学生党支部共建", "校内校外支部共建"]),
        (3, "大", "任务", ["教师思政", "学生思政", "课程思政"]),
    ]


def test_teachers_and_students_co_building_stays_one_item_because_the_count_says_three():
    assert split_items("支部与专业共建、教工与学生党支部共建、校内校外支部共建", 3)[1] == "教工与学生党支部共建"


PARAGRAPH = (
    "物流管理专业教工党支部以创建“全国党建工作样板支部”为契机，创建了“一三三”党支部工作法，高度凝练概括为：" + REPORT
    + "。“一三三”党支部工作法以找抓手、建制度、抓落实为工作思路，以“凝心聚力围绕一流专业建设抓党建，多措并举着力打造"
    "‘大思政’格局，师生联动落实立德树人根本任务，内外融合贯彻全方位服务社会理念”为主要工作方法，充分发挥了党支部在专业建设、"
    "人才培养、服务社会等方面的党建引领作用，基本实现了党建工作与业务工作同研究、同部署、同落实、同考核的工作目标。"
)


def test_it_reads_the_whole_paragraph_with_its_name_approach_practices_and_goals():
    f = parse_formula(PARAGRAPH)
    assert f.name == "一三三" and f.counts == [1, 3, 3]
    assert f.approach == ["找抓手", "建制度", "抓落实"]
    assert f.goals == ["同研究", "同部署", "同落实", "同考核"]
    assert len(f.practices) == 4 and f.practices[0] == "凝心聚力围绕一流专业建设抓党建"


def test_a_labelled_name_alone_gives_pillars_without_items():
    f = parse_formula("一中心两支柱三对接四任务")
    assert f.name == "一中心两支柱三对接四任务"
    assert shape(f) == [(1, "", "中心", []), (2, "", "支柱", []), (3, "", "对接", []), (4, "", "任务", [])]


def test_three_plus_x_is_an_open_ended_second_pillar():
    f = parse_formula("3+X")
    assert f.name == "3+X" and f.counts == [3, None]


def test_arabic_digits_and_a_weaker_separator_when_the_count_needs_it():
    f = parse_formula("以围绕专业建设为1个中心，以理论学习、实践育人和校企合作为3项任务")
    assert f.name == "一三"
    assert f.pillars[1].items == ["理论学习", "实践育人", "校企合作"]


def test_pillars_listed_with_colons_and_semicolons():
    f = parse_formula("一个中心：围绕专业建设；两个支柱：理论武装、实践育人；三个对接：对接专业、对接课程、对接企业")
    assert f.name == "一二三"
    assert shape(f)[1] == (2, "个", "支柱", ["理论武装", "实践育人"])


def test_pillars_listed_with_brackets():
    f = parse_formula("一个中心（围绕立德树人），两大抓手（理论学习和志愿服务）")
    assert f.counts == [1, 2] and f.pillars[1].items == ["理论学习", "志愿服务"]


def test_a_named_method_must_agree_with_its_pillars():
    with pytest.raises(FormulaError, match="第2个数字"):
        parse_formula("“一二三”工作法：以A为一个中心，以B、C、D为三大任务，以E、F为两项保障")


def test_counts_and_items_that_disagree_are_a_clear_error():
    with pytest.raises(FormulaError) as exc:
        parse_formula("以开展教师思政、学生思政为“三”大任务")
    assert str(exc.value) == "“三”大任务应有3项，但只列出了2项：开展教师思政、学生思政"


def test_text_without_a_formula_says_how_to_write_one():
    with pytest.raises(FormulaError, match="没有找到工作法的组成部分"):
        parse_formula("我们支部工作做得很好")


@pytest.mark.parametrize(("name", "parts"), [
    ("一三三", [NamePart(1), NamePart(3), NamePart(3)]),
    ("“一三三”工作法", [NamePart(1), NamePart(3), NamePart(3)]),
    ("3+X", [NamePart(3), NamePart(None)]),
    ("三心四力", [NamePart(3, "心"), NamePart(4, "力")]),
    ("一中心两支柱", [NamePart(1, "中心"), NamePart(2, "支柱")]),
])
def test_names_and_their_numerals(name, parts):
    assert parse_name(name) == parts


def test_names_derive_from_counts():
    assert name_for([1, 3, 3]) == "一三三"
    assert name_for([3, None]) == "3+X"
    assert name_for([1, 2, 3, 4], ["中心", "支柱", "对接", "任务"], "labelled") == "一中心两支柱三对接四任务"


def test_name_problems_name_the_pillar_that_disagrees():
    assert name_problems("一三三", [(1, "中心"), (3, "机制"), (3, "任务")]) == []
    assert name_problems("一三三", [(1, "中心"), (2, "机制"), (3, "任务")]) == [
        "名称“一三三”的第2个数字是“三”，与第2部分“机制”的数目“二”不一致"]
    assert "有3个数字，但工作法有2个组成部分" in name_problems("一三三", [(1, "中心"), (3, "任务")])[0]
    assert "不限数目" in name_problems("3+X", [(3, "任务"), (2, "特色")])[0]
    assert "“支柱”" in name_problems("一中心两支柱", [(1, "中心"), (2, "保障")])[0]


def test_items_problems_count_items_against_counts():
    assert items_problems([(3, "任务", ["a", "b"]), (None, "特色", [])]) == [
        (1, "第1部分“三任务”应有3项，现在是2项"), (2, "第2部分“X特色”不限数目，但至少要列出一项")]
