"""General patterns found on held-out reports (corpus/HELDOUT.md), one behaviour per test, so that breaking one
fails here even while the dev-set rate stays above its floor."""

from zhibu.ingest.extract import extract


def event(text: str) -> dict:
    return extract(text, []).to_json([])["event"]


def test_traditional_script_is_read_and_values_stay_as_written():
    e = event(
        "9月12日上午，院黨委在新建工樓318會議室組織召開黨支部書記工作例會。會議由院黨委書記張宏主持，全體黨支部書記參加。"
    )
    assert (e["place"], e["organizer_units"], e["chair"]) == ("新建工樓318會議室", ["院黨委"], "張宏")


def test_a_probationary_members_meeting_is_a_general_meeting():
    e = event(
        "4月26日，我院学生第三党支部于和钧楼222会议室召开预备党员转正大会。本次会议由学生第二党支部书记段双龙代为主持。"
    )
    assert (e["type"], e["chair"], e["place"]) == ("general_meeting", "段双龙", "和钧楼222会议室")


def test_a_signing_ceremony_is_cobuilding_and_names_both_partners():
    e = event(
        "12月26日上午，校局级退休干部党支部与中德国际学院教工党支部党建联建协议签署仪式在中德国际学院会议室举行。"
    )
    assert e["type"] == "cobuild_activity"
    assert e["organizer_units"] == ["校局级退休干部党支部", "中德国际学院教工党支部"]


def test_the_subject_before_a_partner_clause_is_kept():
    e = event(
        "6月29日下午，计算机学院行政党支部党员来到中铁广州工程局浦口区沿山大道项目部，与项目部党支部举行支部共建签约仪式。"
    )
    assert e["organizer_units"] == ["计算机学院行政党支部", "项目部党支部"]
    assert e["place"] == "中铁广州工程局浦口区沿山大道项目部"


def test_a_joint_branch_of_offices_stays_one_unit():
    e = event(
        "2021年3月26日下午，学生处、武装部、资助中心党支部召开2020年度组织生活会，会议由支部书记王德瑜主持。"
    )
    assert e["organizer_units"] == ["学生处、武装部、资助中心党支部"]


def test_a_date_alone_on_a_line_is_the_dateline_not_the_event():
    e = event(
        "研究生院党总支开展主题党日活动\n2018-07-09 10:48\n7月7日，研究生院党员干部前往安源路矿工人运动纪念馆，开展主题党日活动。"
    )
    assert (e["date"], e["date_text"], e["time"]) == ("2018-07-07", "7月7日", None)
    assert e["organizer_units"] == ["研究生院"]


def test_people_lists():
    e = event(
        "12月26日上午，两支部签署仪式在会议室举行。校局级退休干部党支部书记田蔚风，支委委员张仁杰，"
        "人文与社会科学系书记陈安志，信智学院副党委书记田聪，各学生支部书记刘佳参加了签署仪式。"
    )
    assert e["attendees"] == [
        {"name": "田蔚风", "unit": "校局级退休干部党支部", "title": "书记"},
        {"name": "张仁杰", "unit": None, "title": "支委委员"},
        {"name": "陈安志", "unit": "人文与社会科学系", "title": "书记"},
        {"name": "田聪", "unit": "信智学院", "title": "副党委书记"},
        {"name": "刘佳", "unit": "学生支部", "title": "书记"},
    ]


def test_the_leader_of_a_visit_is_an_attendee_and_people_give_no_unit():
    e = event(
        "12月19日上午，理学院党总支部书记雍海龙带领教师第一、第二党支部部分党员，赴金陵二村社区开展党建共建活动。"
    )
    assert e["attendees"] == [{"name": "雍海龙", "unit": "理学院", "title": "党总支部书记"}]
    assert e["organizer_units"] == []


def test_visitors_are_the_descriptors_before_yixing_not_the_clauses_before_them():
    e = event(
        "为加强交流，6月12日，浙江农林大学文法学院党委副书记潘军可一行来工程技术学院调研交流，"
        "工程技术学院党总支书记周聪，学工办全体辅导员参加座谈。座谈会上，周聪向潘军可一行到访表示欢迎。"
    )
    assert [a["name"] for a in e["attendees"]] == ["潘军可", "周聪"]


def test_a_quoted_theme_with_a_comma_does_not_split_the_list():
    e = event(
        "11月28日，我院学生党支部召开专题组织生活会。列席本次会议的有“不忘初心,牢记使命”主题教育巡视指导组成员何礼处长，"
        "组织部副部长孙国英。"
    )
    assert [a["name"] for a in e["attendees"]] == ["何礼", "孙国英"]


def test_agenda_item_drops_a_group_subject():
    e = event(
        "10月21日，某党支部召开支部大会。会议第一项，全体党员讨论了预备党员胡婵娟同志的转正事宜。会议第二项，增选支部委员。"
    )
    assert [a["title"] for a in e["agenda"]] == ["预备党员胡婵娟同志的转正事宜", "增选支部委员"]
