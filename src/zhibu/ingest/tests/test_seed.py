"""The seed report: every field of the JSON contract exact."""

import json

import pytest
from django.core.management import call_command

from zhibu.ingest.extract import extract
from zhibu.ingest.reading import read_path
from zhibu.orgs.selectors import org_official_names

PILLARS = [
    {"count": 1, "label": "中心", "items": ["围绕专业建设"]},
    {"count": 3, "label": "共建工作机制", "items": ["支部与专业共建", "教工与学生党支部共建", "校内校外支部共建"]},
    {"count": 3, "label": "任务", "items": ["教师思政", "学生思政", "课程思政"]},
]


def expected_event(university: str | None) -> dict:
    return {
        "date": "2022-07-14", "date_text": "2022年7月14日", "time": "08:30", "place": "学院112会议室",
        "type": "symposium",
        "organizer_units": ["市委组织部", "市委教育工委组织处", f"{university or ''}物流管理专业教工党支部"],
        "chair": "郭红钵",
        "attendees": [
            {"name": "郭佳", "unit": "市委教育工委组织一处", "title": "干部"},
            {"name": "马立梅", "unit": university, "title": "党委书记"},
            {"name": "王红", "unit": university, "title": "原党委书记"},
            {"name": "孙涛", "unit": university, "title": "党委副书记"},
            {"name": "逄锦荣", "unit": "物流管理专业教工党支部", "title": "书记"},
        ],
        "agenda": [
            {"ordinal": 1, "title": "《“一三三”工作法-打造高水平育人团队》工作汇报", "presenter": "逄锦荣"},
            {"ordinal": 2, "title": "座谈交流", "presenter": None},
        ],
    }


def test_seed_every_field_without_known_names(seed_path):
    source = read_path(seed_path)
    data = extract(source.text, source.text_findings).to_json(source.findings)
    assert data["event"] == expected_event(None)
    assert data["work_method"] == {"name": "一三三", "pillars": PILLARS}
    assert data["spam"]["injected"] is True
    assert len(data["spam"]["findings"]) == 10
    assert {f["phrase"] for f in data["spam"]["findings"]} == {"全球最大的赌钱网"}
    assert all(f["category"] == "org_name_replaced" for f in data["spam"]["findings"])
    assert "赌钱" not in json.dumps(data["event"], ensure_ascii=False)


@pytest.mark.django_db
def test_seed_units_take_the_official_name_the_guard_suggests(cast, seed_path):
    source = read_path(seed_path, known_names=org_official_names())
    data = extract(source.text, source.text_findings).to_json(source.findings)
    assert data["event"] == expected_event("示例大学")
    assert all(f["replaces"] == "示例大学" for f in data["spam"]["findings"])


def test_every_field_keeps_its_span_in_the_source(seed_text):
    from zhibu.textguard import scan_text

    findings = scan_text(seed_text)
    extraction = extract(seed_text, findings)
    spans = extraction.spans
    assert seed_text[slice(*spans["event.date"])] == "2022年7月14日"
    assert seed_text[slice(*spans["event.time"])] == "上午8:30"
    assert seed_text[slice(*spans["event.place"])] == "学院112会议室"
    assert seed_text[slice(*spans["event.chair"])] == "郭红钵"
    assert seed_text[slice(*spans["event.attendees.0.unit"])] == "市委教育工委组织一处"
    assert seed_text[slice(*spans["event.attendees.1.unit"])] == "全球最大的赌钱网"  # where the spam stood
    assert seed_text[slice(*spans["event.agenda.1.title"])] == "座谈交流"
    assert seed_text[slice(*spans["work_method.pillars.1.items.1"])] == "教工与学生党支部共建"
    assert "event.attendees.1.unit" in extraction.spam_units
    for path, (start, end) in spans.items():
        assert 0 <= start <= end <= len(seed_text), path


@pytest.mark.django_db
def test_command_json_is_the_contract(seed_path, capsys):
    call_command("ingest", str(seed_path), "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"event", "work_method", "spam"}
    assert set(data["event"]) == {"date", "date_text", "time", "place", "type", "organizer_units", "chair",
                                  "attendees", "agenda"}
    assert data["event"] == expected_event(None)
    assert data["work_method"]["name"] == "一三三"
    assert set(data["spam"]) == {"injected", "findings"}
    assert set(data["spam"]["findings"][0]) == {"category", "phrase", "start", "end", "severity", "message",
                                                "replaces", "detail"}


@pytest.mark.django_db
def test_command_summary_in_chinese(seed_path, capsys):
    call_command("ingest", str(seed_path))
    out = capsys.readouterr().out
    assert "日期：2022-07-14 08:30" in out
    assert "主持人：郭红钵" in out
    assert "“全球最大的赌钱网”×10" in out
    assert "工作法：“一三三”" in out


def test_year_missing_stays_null_unless_the_dateline_gives_it():
    from zhibu.ingest.extract.when import when

    assert when("4月21日上午9:00，学院党委召开会议。").date is None
    assert when("4月21日上午9:00，学院党委召开会议。").date_text == "4月21日"
    dated = when("发布时间：2021-04-23\n4月21日下午2点半，学院党委召开会议。")
    assert dated.date.isoformat() == "2021-04-21" and dated.time == "14:30"
    assert when("发布时间：2021-01-05\n12月30日，支部开展主题党日。").date.isoformat() == "2020-12-30"


def test_formula_named_but_not_spelled_out_has_no_pillars():
    text = "6月1日，某党支部召开支部党员大会，会议由支部书记王明主持。支部介绍了“三心四力”党支部工作法的实践。"
    data = extract(text, []).to_json([])
    assert data["work_method"] == {"name": "三心四力", "pillars": []}
    assert data["event"]["chair"] == "王明"
    assert data["event"]["type"] == "general_meeting"


def test_bylines_are_not_attendees():
    text = ("2021年12月24日，理学院党委在实验楼A241召开述职大会。党委委员王刚、李明参加会议，会议由院党委书记章映欢主持。\n"
            "撰稿：王亚茹 摄影：赵飞 审核：孙立 编辑：钱文")
    data = extract(text, []).to_json([])
    assert [a["name"] for a in data["event"]["attendees"]] == ["王刚", "李明"]
    assert data["event"]["chair"] == "章映欢"
