"""Each mechanism's kind rules, external units registered once, activities and outcomes: all or nothing."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhibu.cobuild import services
from zhibu.cobuild.creditcode import credit_code_problem, make_credit_code
from zhibu.cobuild.factories import make_major, make_partnership, make_unit
from zhibu.cobuild.models import Activity, Contact, ExternalUnit, Outcome, Partnership
from zhibu.core.models import AuditEntry
from zhibu.meetings.factories import at
from zhibu.meetings.models import Meeting, MeetingKind
from zhibu.orgs.factories import OrgFactory
from zhibu.orgs.models import Org

pytestmark = pytest.mark.django_db
K = Partnership.Kind


def _messages(exc: ValidationError) -> str:
    return ";".join(m for ms in exc.message_dict.values() for m in ms)


# --- credit codes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B", make_credit_code(serial=7)])
def test_valid_credit_codes_pass(code):
    assert credit_code_problem(code) is None
    assert credit_code_problem(code.lower()) is None


def test_a_wrong_check_character_is_named():
    assert credit_code_problem("91350100M000100Y44") == "校验位错误（按前17位计算应为3）"
    assert "18位" in credit_code_problem("9135010")
    assert "不允许的字符“I”" in credit_code_problem("91350100M000100I43")


def test_a_unit_is_registered_once(cast):
    unit = make_unit(credit_code="91350100M000100Y43")
    with pytest.raises(ValidationError) as exc:
        services.unit_register(by=cast.secretary, name="另一个名字", credit_code="91350100m000100y43",
                               kind=ExternalUnit.Kind.ENTERPRISE, city="北京", party_branch_name="党支部")
    assert f"已登记为“{unit.name}”" in _messages(exc.value)
    assert ExternalUnit.objects.count() == 1


def test_a_unit_with_a_wrong_check_character_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        services.unit_register(by=cast.secretary, name="某公司", credit_code="91350100M000100Y44",
                               kind=ExternalUnit.Kind.ENTERPRISE, city="北京", party_branch_name="某公司党支部")
    assert exc.value.message_dict["credit_code"] == ["统一社会信用代码校验位错误（按前17位计算应为3）"]
    assert not ExternalUnit.objects.exists()


def test_read_only_roles_cannot_register_units(cast):
    with pytest.raises(PermissionDenied):
        services.unit_register(by=cast.member_user, name="某公司", credit_code=make_credit_code(serial=3),
                               kind=ExternalUnit.Kind.ENTERPRISE, city="北京", party_branch_name="某公司党支部")


# --- majors ----------------------------------------------------------------------------------------


def test_major_with_levels_and_branch_link(co, cast):
    assert [str(level) for level in co.major.levels.order_by("year")] == [
        "2019年 国家级一流本科专业建设点", "2020年 北京市级一流本科专业建设点"]
    services.branch_major_link(by=cast.secretary, branch=cast.branch, major=co.major)
    assert list(cast.branch.built_on_majors.all()) == [co.major]


def test_a_branch_cannot_be_built_on_another_schools_major(cast):
    other = make_major(school=cast.other_school, name="工商管理", code="120201")
    with pytest.raises(ValidationError) as exc:
        services.branch_major_link(by=None, branch=cast.branch, major=other)
    assert "不属于“物流管理专业教工党支部”所在的院系" in _messages(exc.value)


def test_a_branch_secretary_cannot_register_a_major_for_the_school(cast):
    with pytest.raises(PermissionDenied):
        services.major_create(by=cast.secretary, school=cast.school, name="物流工程", code="120602")


# --- the kind rules --------------------------------------------------------------------------------


def test_the_three_mechanisms(co):
    assert co.bm.title == "物流管理专业教工党支部与物流管理专业（物流管理系）共建"
    assert co.fs.partner_path == co.fs.partner_org.path
    assert co.ce.external_branch_name == "京畿物流集团有限公司党支部"
    assert AuditEntry.objects.filter(object_id=str(co.ce.pk), action="create").exists()


def test_faculty_student_refuses_two_faculty_branches(cast):
    with pytest.raises(ValidationError) as exc:
        make_partnership(org=cast.branch, kind=K.FACULTY_STUDENT, partner_org=cast.other_branch, by=cast.organiser)
    assert exc.value.message_dict["partner_org"] == [
        "教工与学生党支部共建须由一个教工党支部和一个学生党支部结对：“物流管理专业教工党支部”和“工商管理教工党支部”都是教工党支部"]
    assert not Partnership.objects.exists()


def test_faculty_student_is_recorded_by_the_faculty_branch(cast):
    with pytest.raises(ValidationError) as exc:
        make_partnership(org=cast.sibling, kind=K.FACULTY_STUDENT, partner_org=cast.branch)
    assert "不是教工党支部" in exc.value.message_dict["org"][0]


def test_each_kind_names_only_its_own_counterpart(co, cast):
    with pytest.raises(ValidationError) as exc:
        make_partnership(org=cast.branch, kind=K.BRANCH_MAJOR, major=co.major, external_unit=co.unit,
                         starts_on=dt.date(2024, 1, 1))
    assert exc.value.message_dict["external_unit"] == ["支部与专业共建不填写校外单位"]
    with pytest.raises(ValidationError) as exc:
        make_partnership(org=cast.branch, kind=K.CAMPUS_EXTERNAL)
    assert exc.value.message_dict["external_unit"] == ["校内校外支部共建须选择校外单位"]


def test_campus_external_needs_a_unit_with_a_party_organisation(cast):
    unit = make_unit(name="无党组织公司", has_party_branch=False, party_branch_name="")
    with pytest.raises(ValidationError) as exc:
        make_partnership(org=cast.branch, kind=K.CAMPUS_EXTERNAL, external_unit=unit)
    assert "尚未建立党组织" in exc.value.message_dict["external_unit"][0]


def test_only_branches_enter_partnerships(co, cast):
    with pytest.raises(ValidationError) as exc:
        make_partnership(org=cast.school, kind=K.CAMPUS_EXTERNAL, external_unit=co.unit)
    assert "共建由党支部登记" in exc.value.message_dict["org"][0]


def test_a_current_partnership_is_not_registered_twice(co, cast):
    with pytest.raises(ValidationError) as exc:
        make_partnership(org=cast.branch, kind=K.CAMPUS_EXTERNAL, external_unit=co.unit, starts_on=dt.date(2024, 1, 1))
    assert "已经登记（自2022年1月10日起）" in _messages(exc.value)


def test_contacts_are_checked_row_by_row(co, cast):
    rows = [services.ContactRow(side="campus", name="陈立华", title="书记", phone="13812345678"),
            services.ContactRow(side="partner", name="王经理", phone="12345")]
    with pytest.raises(ValidationError) as exc:
        make_partnership(org=cast.branch, kind=K.CAMPUS_EXTERNAL, external_unit=make_unit(name="二号公司"),
                         contacts=rows)
    assert exc.value.message_dict["contacts"][0].startswith("联系人第2行（王经理）：电话号码")
    assert not Contact.objects.exists()


def test_the_agreement_is_checked_by_content(co, cast, media_root):
    fake = io.BytesIO(b"MZ\x90\x00 not a pdf")
    fake.name = "协议.pdf"
    with pytest.raises(ValidationError) as exc:
        make_partnership(org=cast.branch, kind=K.CAMPUS_EXTERNAL, external_unit=make_unit(name="三号公司"),
                         agreement=fake)
    assert "按文件内容判断" in exc.value.message_dict["agreement"][0]
    assert Partnership.objects.count() == 3
    pdf = io.BytesIO(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    pdf.name = "共建协议.pdf"
    p = make_partnership(org=cast.branch, kind=K.CAMPUS_EXTERNAL, external_unit=make_unit(name="三号公司"),
                         agreement=pdf)
    assert p.agreement.original_name == "共建协议.pdf" and p.agreement.content_type == "application/pdf"


def test_only_the_branchs_managers_record_partnerships(co, cast):
    for user in (cast.member_user, cast.sibling_secretary, cast.reviewer):
        with pytest.raises(PermissionDenied):
            make_partnership(org=cast.branch, kind=K.CAMPUS_EXTERNAL, external_unit=make_unit(name=f"公司{user.pk}"),
                             by=user)


# --- activities ------------------------------------------------------------------------------------


def test_an_activity_is_a_cobuild_meeting_with_both_sides(co, cast):
    a = services.activity_record(
        by=cast.secretary, partnership=co.ce, title="“招不进人、留不住人”专题研讨", starts_at=at("2022-05-10"),
        ends_at=at("2022-05-10", 17), attendance=[cast.sec_member.pk, cast.plain_member.pk],
        partner_participants=[services.ParticipantRow(name="王经理", title="人力资源部经理")], partner_count=4,
    )
    m = a.meeting
    assert m.kind == MeetingKind.COBUILD_ACTIVITY and m.org == cast.branch
    assert (a.campus_count, a.partner_count) == (2, 4)
    assert [g.unit for g in m.guests.all()] == ["京畿物流集团有限公司党支部"]
    assert m.attendance.count() == 2


def test_a_faculty_student_activity_names_the_student_branch_as_co_host(co, cast):
    a = services.activity_record(
        by=cast.sibling_secretary, partnership=co.fs, title="师生联学", starts_at=at("2022-04-01"),
        ends_at=at("2022-04-01", 16), attendance=[cast.sibling_member.pk],
        partner_participants=[services.ParticipantRow(name="陈立华")],
    )
    assert a.meeting.org == cast.sibling and list(a.meeting.co_hosts.all()) == [cast.branch]


def test_an_activity_without_the_partners_side_saves_nothing(co, cast):
    with pytest.raises(ValidationError) as exc:
        services.activity_record(by=cast.secretary, partnership=co.ce, title="", starts_at=at("2022-05-10"),
                                 ends_at=at("2022-05-10", 17), attendance=[])
    errors = exc.value.message_dict
    assert errors["partner"] == ["请登记共建方（“京畿物流集团有限公司党支部”）的参加人员或人数"]
    assert errors["attendance"] == ["请登记“物流管理专业教工党支部”参加活动的党员"]
    assert errors["title"] == ["请填写标题"]
    assert not Meeting.objects.exists() and not Activity.objects.exists()


def test_an_activity_with_an_outsider_attending_saves_nothing(co, cast):
    with pytest.raises(ValidationError) as exc:
        services.activity_record(by=cast.secretary, partnership=co.ce, title="研讨", starts_at=at("2022-05-10"),
                                 ends_at=at("2022-05-10", 17), attendance=[cast.other_member.pk], partner_count=2)
    assert "不是主办组织" in exc.value.message_dict["attendance"][0]
    assert not Meeting.objects.exists()


def test_linking_an_existing_meeting(co, cast):
    from zhibu.meetings.factories import make_meeting

    m = make_meeting(org=cast.branch, kind=MeetingKind.COBUILD_ACTIVITY, title="签约仪式",
                     starts_at=at("2022-01-10"), attendees=[cast.sec_member])
    a = services.activity_link(by=cast.secretary, partnership=co.ce, meeting=m, partner_count=3)
    assert (a.campus_count, a.partner_count) == (1, 3)
    with pytest.raises(ValidationError) as exc:
        services.activity_link(by=cast.secretary, partnership=co.bm, meeting=m, partner_count=3)
    assert "已关联到" in exc.value.message_dict["meeting"][0]
    theme = make_meeting(org=cast.branch, title="主题党日")
    with pytest.raises(ValidationError):
        services.activity_link(by=cast.secretary, partnership=co.ce, meeting=theme, partner_count=1)


# --- outcomes --------------------------------------------------------------------------------------


def test_outcomes_are_recorded_with_their_kind_and_quantity(co, cast):
    o = services.outcome_record(by=cast.secretary, partnership=co.ce, kind=Outcome.Kind.TECHNICAL_SUPPORT,
                                title="依托学校科研平台为企业提供仓储优化技术支持", occurred_on=dt.date(2022, 6, 1))
    assert (o.org, o.org_path, o.quantity, o.unit) == (cast.branch, cast.branch.path, 1, "项")


def test_a_bad_outcome_saves_nothing(co, cast):
    with pytest.raises(ValidationError) as exc:
        services.outcome_record(by=cast.secretary, partnership=co.ce, kind="bogus", title="",
                                occurred_on=dt.date(2021, 1, 1), quantity=0)
    errors = exc.value.message_dict
    assert errors["occurred_on"] == ["成果日期早于共建开始日期"]
    assert errors["quantity"] == ["数量至少为1"]
    assert "kind" in errors and "title" in errors
    assert not Outcome.objects.exists()


def test_the_student_branch_may_record_outcomes_of_its_partnership_but_not_others(co, cast):
    services.outcome_record(by=cast.sibling_secretary, partnership=co.fs, kind=Outcome.Kind.TRAINING,
                            title="学业帮扶", occurred_on=dt.date(2022, 3, 1))
    with pytest.raises(PermissionDenied):
        services.outcome_record(by=cast.sibling_secretary, partnership=co.ce, kind=Outcome.Kind.TRAINING,
                                title="x", occurred_on=dt.date(2022, 3, 1))
    with pytest.raises(PermissionDenied):
        services.outcome_record(by=cast.member_user, partnership=co.ce, kind=Outcome.Kind.TRAINING,
                                title="x", occurred_on=dt.date(2022, 3, 1))


def test_partnership_update_keeps_the_parties(co, cast):
    with pytest.raises(ValidationError):
        services.partnership_update(by=cast.secretary, partnership=co.ce, external_unit=None)
    p = services.partnership_update(by=cast.secretary, partnership=co.ce, ends_on=dt.date(2025, 12, 31),
                                    contacts=[services.ContactRow(side="partner", name="王经理")])
    assert p.ends_on == dt.date(2025, 12, 31) and p.contacts.count() == 1


def test_a_general_branch_school_is_not_a_branch(cast):
    gb = OrgFactory(name="某党总支", code="U1-GB", kind=Org.Kind.GENERAL_BRANCH, parent=cast.university)
    assert gb.kind == Org.Kind.GENERAL_BRANCH
