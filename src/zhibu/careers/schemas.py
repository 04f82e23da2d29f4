"""API shapes of careers records. Phones never appear in lists; in a detail they are masked unless the caller may
see personal data there."""

import datetime as dt

from ninja import Field, Schema

from .models import Degree, Employer, EnterpriseVisit, Graduate, Industry, JobPost, Recommendation


class EmployerOut(Schema):
    id: int
    name: str
    credit_code: str
    city: str
    industry: Industry
    size: Employer.Size
    partner_status: Employer.PartnerStatus
    has_party_branch: bool
    visit_count: int = 0
    job_count: int = 0

    @staticmethod
    def resolve_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_credit_code(obj):
        return obj.unit.credit_code

    @staticmethod
    def resolve_city(obj):
        return obj.unit.city

    @staticmethod
    def resolve_has_party_branch(obj):
        return obj.unit.has_party_branch


class VisitOut(Schema):
    id: int
    org_code: str
    employer_id: int
    employer_name: str
    visited_on: dt.date
    visitors: list[str] = Field(description="走访党员姓名")
    leaders: str
    purpose: str
    jobs_promised: int
    needs: list[EnterpriseVisit.Need]
    needs_note: str
    open_follow_ups: int = 0

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_employer_name(obj):
        return obj.employer.unit.name

    @staticmethod
    def resolve_visitors(obj):
        return [link.member.name for link in obj.visitor_links.all()]


class FollowUpOut(Schema):
    id: int
    action: str
    due_on: dt.date
    done_on: dt.date | None
    assignee_member_id: int | None = Field(None, alias="assignee_id")


class VisitDetailOut(VisitOut):
    follow_ups: list[FollowUpOut]


class FollowUpIn(Schema):
    action: str
    due_on: dt.date
    assignee_member_id: int | None = None


class VisitIn(Schema):
    org: str = Field(description="走访组织编码")
    employer_id: int
    visited_on: dt.date
    purpose: str
    visitor_member_ids: list[int] = []
    leaders: str = ""
    jobs_promised: int = 0
    needs: list[EnterpriseVisit.Need] = []
    needs_note: str = ""
    follow_ups: list[FollowUpIn] = []


class JobOut(Schema):
    id: int
    org_code: str
    employer_id: int
    employer_name: str
    title: str
    majors: list[str] = Field(description="需求专业；空表示不限专业")
    degree: Degree = Field(description="最低学历")
    city: str
    headcount: int
    salary_min: int | None
    salary_max: int | None
    deadline: dt.date
    source: JobPost.Source
    visit_id: int | None
    status: JobPost.Status

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_employer_name(obj):
        return obj.employer.unit.name


class JobIn(Schema):
    org: str = Field(description="登记组织编码")
    employer_id: int
    title: str
    majors: list[str] = []
    degree: Degree = Degree.BACHELOR
    city: str
    headcount: int = 1
    salary_min: int | None = None
    salary_max: int | None = None
    deadline: dt.date
    source: JobPost.Source = JobPost.Source.MANUAL
    visit_id: int | None = None
    description: str = ""


class GraduateOut(Schema):
    id: int
    org_code: str
    name: str
    student_number: str
    major: str
    degree: Degree
    class_year: int
    class_name: str
    graduation_date: dt.date | None
    status: Graduate.Status = Field(description="seeking、employed、further_study、abroad、public_service 或 not_seeking")
    destination: str
    placed_on: dt.date | None
    preferred_cities: list[str]
    preferred_industries: list[Industry]
    helper_member_id: int | None = Field(None, alias="helper_id")
    helper_name: str | None
    is_party_member: bool
    last_contact_on: dt.date | None
    next_step: str

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_helper_name(obj):
        return obj.helper.name if obj.helper_id else None

    @staticmethod
    def resolve_is_party_member(obj):
        return obj.member_id is not None


class GraduateDetailOut(GraduateOut):
    phone: str = Field(description="无权查看个人信息时为掩码")


class GraduateIn(Schema):
    org: str = Field(description="所属组织编码")
    name: str
    student_number: str
    major: str
    degree: Degree = Degree.BACHELOR
    class_year: int
    class_name: str = ""
    graduation_date: dt.date | None = None
    phone: str = ""
    status: Graduate.Status = Graduate.Status.SEEKING
    destination: str = ""
    preferred_cities: list[str] = []
    preferred_industries: list[Industry] = []
    helper_member_id: int | None = None


class GraduatePatchIn(Schema):
    org: str | None = Field(None, description="转到另一组织（编码）；须在两端都有管理权限")
    name: str | None = None
    student_number: str | None = None
    major: str | None = None
    degree: Degree | None = None
    class_year: int | None = None
    class_name: str | None = None
    status: Graduate.Status | None = None
    destination: str | None = None
    preferred_cities: list[str] | None = None
    preferred_industries: list[Industry] | None = None
    helper_member_id: int | None = Field(None, description="帮扶党员；给出 null 取消指定")
    phone: str | None = None
    graduation_date: dt.date | None = None


class ReasonOut(Schema):
    label: str
    points: int
    text: str


class JobMatchOut(Schema):
    job: JobOut
    score: int = Field(description="匹配分（满分100）")
    reasons: list[ReasonOut]
    recommendation_id: int | None
    recommendation_outcome: Recommendation.Outcome | None


class GraduateMatchOut(Schema):
    graduate: GraduateOut
    score: int
    reasons: list[ReasonOut]
    recommendation_id: int | None
    recommendation_outcome: Recommendation.Outcome | None


class RecommendationOut(Schema):
    id: int
    graduate_id: int
    job_id: int
    score: int
    reasons: list[ReasonOut]
    outcome: Recommendation.Outcome
    outcome_on: dt.date | None


class RecommendIn(Schema):
    job_id: int


class OutcomeIn(Schema):
    outcome: Recommendation.Outcome


class ContactIn(Schema):
    contacted_on: dt.date
    note: str
    next_step: str = ""


class VisitPatchIn(Schema):
    """Only the fields given change; `visitor_member_ids` replaces the visitors as a whole."""

    employer_id: int | None = None
    visited_on: dt.date | None = None
    purpose: str | None = None
    visitor_member_ids: list[int] | None = Field(None, description="走访党员（整体替换）")
    leaders: str | None = None
    jobs_promised: int | None = None
    needs: list[EnterpriseVisit.Need] | None = None
    needs_note: str | None = None


class FollowUpPatchIn(Schema):
    action: str | None = None
    due_on: dt.date | None = None
    assignee_member_id: int | None = Field(None, description="负责党员；给出 null 取消指定")
    done_on: dt.date | None = Field(None, description="完成日期；给出 null 表示尚未完成")


class JobPatchIn(Schema):
    employer_id: int | None = None
    title: str | None = None
    majors: list[str] | None = Field(None, description="需求专业（整体替换）；空列表表示不限专业")
    degree: Degree | None = None
    city: str | None = None
    headcount: int | None = None
    salary_min: int | None = Field(None, description="给出 null 清除")
    salary_max: int | None = Field(None, description="给出 null 清除")
    deadline: dt.date | None = None
    source: JobPost.Source | None = None
    visit_id: int | None = Field(None, description="来源走访；给出 null 清除")
    status: JobPost.Status | None = None
    description: str | None = None
