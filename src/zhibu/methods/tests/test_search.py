"""The library's search segments Chinese with jieba: whole words match, fragments do not."""

import pytest

from zhibu.methods import search, selectors
from zhibu.methods.factories import make_case, make_method, walk
from zhibu.methods.services import PillarRow

pytestmark = pytest.mark.django_db


def test_words_are_segmented():
    assert search.words("课程思政") == ["课程", "思政"]
    assert "党支部" in search.words("教工与学生党支部共建") and "与" not in search.words("教工与学生党支部共建")


def test_a_query_finds_cases_whose_pillar_items_mention_it_and_not_by_fragments(cast):
    found = walk(make_case(branch=cast.branch, by=cast.secretary, background="略", practice="略", outcome="略",
                           insight="略"), cast, to="published")
    other_method = make_method(branch=cast.other_branch, by=None, name="一二", pillars=[
        PillarRow("中心", 1, ["服务学生成长"]), PillarRow("抓手", 2, ["志愿服务", "就业指导"])])
    other = make_case(method=other_method, title="“一二”工作法", background="略", practice="略", outcome="略",
                      insight="略")
    walk(other, to="published")
    assert list(selectors.case_library(q="课程思政")) == [found]
    assert list(selectors.case_library(q="程思")) == [], "a fragment across two words is not a word"
    assert list(selectors.case_library(q="共建 任务")) == [found]
    assert list(selectors.case_library(q="志愿服务")) == [other]
    assert set(selectors.case_library()) == {found, other}


def test_filters_by_pillar_label_and_branch_category(cast):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    assert list(selectors.case_library(label="共建工作机制")) == [case]
    assert list(selectors.case_library(label="支柱")) == []
    assert list(selectors.case_library(category="faculty")) == [case]
    assert list(selectors.case_library(category="student")) == []
