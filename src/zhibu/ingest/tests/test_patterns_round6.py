"""Patterns behind the misses of held-out round 6 (corpus/HELDOUT.md), one behaviour per test."""

from .test_patterns import event


def test_a_branch_visited_for_a_joint_activity_is_a_co_organiser():
    e = event("4月24日，我院两个教工党支部赴青山镇机关党支部联合开展支部主题党日活动。")
    assert e["organizer_units"] == ["我院两个教工党支部", "青山镇机关党支部"]
    e = event("4月27日，规划与学科处党支部赴雄安与新校区建设办党支部联合开展主题党日活动。")
    assert e["organizer_units"] == ["规划与学科处党支部", "新校区建设办党支部"]
    # a destination that is no party body is no co-organiser
    e = event("4月27日，规划与学科处党支部赴白洋淀雁翎队纪念馆联合开展主题党日活动。")
    assert e["organizer_units"] == ["规划与学科处党支部"]


def test_numbered_phases_are_the_agenda():
    e = event(
        "3月13日下午，学院党支部举行主题党日活动。活动分为两个阶段，一是进行相关文件的学习；二是开展党性实践活动，前往敬老院。"
    )
    assert [a["title"] for a in e["agenda"]] == ["相关文件的学习", "党性实践活动"]


def test_a_building_number_is_no_date_in_a_place():
    assert event("12月13日，甲党总支与乙党总支在6号教学楼308室开展共建活动。")["place"] == "6号教学楼308室"
    assert (
        event("6月25日下午，中文系学生党支部在1号教学楼A201教室召开组织生活会。")["place"]
        == "1号教学楼A201教室"
    )


def test_an_online_platform_after_zai_is_the_place():
    e = event("6月1日上午，高职学院在腾讯会议网络平台召开访企拓岗促就业校企交流会。")
    assert e["place"] == "腾讯会议"


def test_a_room_ending_in_fang_is_a_place():
    assert (
        event("6月23日下午，机关党总支第二党支部在图文中心南书房召开政治理论学习会。")["place"]
        == "图文中心南书房"
    )


def test_a_day_first_dotted_dateline_gives_the_year():
    e = event(
        "教务处党支部组织开展专题学习活动\n11.12.2018  12:54\n12月6日下午，教务处党支部在科技楼10楼会议室组织开展了专题学习活动。"
    )
    assert (e["date"], e["date_text"], e["time"]) == ("2018-12-06", "12月6日", None)


def test_a_list_of_days_stays_in_the_date_text():
    e = event(
        "2023年4月12日、13日，大连工业大学副校长安庆大带领相关负责同志前往上海某有限公司开展走访调研工作。"
    )
    assert (e["date"], e["date_text"]) == ("2023-04-12", "2023年4月12日、13日")


def test_a_chair_named_with_an_honorific_only():
    assert event("5月14日下午，某毕业生党支部召开组织生活会。会议由支部书记顾涛同学主持。")["chair"] == "顾涛"
    # a surname outside the list, the name known by 老师
    assert event("2017年5月19日下午，我院召开毕业生党员教育大会，会议由多士平老师主持。")["chair"] == "多士平"


def test_groups_and_companies_are_not_people():
    e = event(
        "6月1日上午，高职学院召开交流会，学院党政领导班子、就业辅导员、毕业生代表参加会议。"
        "中国铁路上海局集团有限公司、上海地铁维护保障有限公司等12家企业受邀参会。"
    )
    assert e["attendees"] == []


def test_a_committee_member_chairing_does_not_make_the_party_body_the_host():
    e = event("5月23日土建学院党总支在SA301举行了毕业生党员大会，会议由党总支组织委员周丽娟老师主持。")
    assert e["organizer_units"] == ["土建学院党总支"]
    assert e["chair"] == "周丽娟"


def test_an_event_named_as_the_subject_gives_its_kind_and_its_unit():
    e = event(
        "12月6日中午，本科生第一党支部组织生活会暨支部委员双述双评会于学院307会议室举行，进行党内民主评议。"
    )
    assert e["type"] == "org_life_meeting"
    assert e["organizer_units"] == ["本科生第一党支部"]
    assert e["place"] == "学院307会议室"
