"""API shapes for methods, cases, their steps, reviews and adoptions. Dates in ISO."""

import datetime as dt

from ninja import Field, Schema

from .models import SECTIONS, CaseStatus, Review


class PillarIO(Schema):
    label: str = Field(description="名称，如 中心、共建工作机制、任务")
    count: int | None = Field(description="数目；null 表示不限数目（X）")
    measure: str = Field("", description="量词，如 个、重、大")
    items: list[str] = Field(default_factory=list, description="条目，条数须与数目相同")


class MethodOut(Schema):
    id: int
    branch: str = Field(description="党支部编码")
    branch_name: str
    name: str = Field(description="名称，如“一三三”")
    slogan: str
    pillars: list[PillarIO]
    approach: list[str]
    practices: list[str]
    goals: list[str]
    description: str

    @staticmethod
    def resolve_branch(obj) -> str:
        return obj.branch.code

    @staticmethod
    def resolve_branch_name(obj) -> str:
        return obj.branch.name

    @staticmethod
    def resolve_pillars(obj) -> list[dict]:
        return [{"label": p.label, "count": p.count, "measure": p.measure, "items": [i.text for i in p.items.all()]}
                for p in obj.pillars.all()]


class MethodIn(Schema):
    branch: str = Field(description="党支部编码")
    name: str = Field("", description="名称；留空则按组成部分生成")
    pillars: list[PillarIO]
    slogan: str = ""
    approach: list[str] = Field(default_factory=list)
    practices: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    description: str = ""


class MethodPatchIn(Schema):
    name: str | None = None
    pillars: list[PillarIO] | None = None
    slogan: str | None = None
    approach: list[str] | None = None
    practices: list[str] | None = None
    goals: list[str] | None = None
    description: str | None = None


class FormulaIn(Schema):
    text: str = Field(description="工作法表述，如“以围绕专业建设为‘一’个中心，……”或名称“一中心两支柱”")


class FormulaOut(Schema):
    name: str
    pillars: list[PillarIO]
    approach: list[str]
    practices: list[str]
    goals: list[str]


class EvidenceOut(Schema):
    kind: str
    record_id: int
    date: dt.date | None = Field(alias="record_date")
    title: str
    summary: str


class RecordRef(Schema):
    kind: str = Field(description="记录类型，如 meeting")
    id: int = Field(description="记录编号")


class CaseOut(Schema):
    id: int
    title: str
    status: CaseStatus
    status_label: str
    round: int = Field(description="报送轮次")
    method_id: int
    method_name: str
    branch: str
    branch_name: str
    published_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_method_name(obj) -> str:
        return obj.method.name

    @staticmethod
    def resolve_branch(obj) -> str:
        return obj.branch.code

    @staticmethod
    def resolve_branch_name(obj) -> str:
        return obj.branch.name


class CaseDetailOut(CaseOut):
    background: str
    practice: str
    outcome: str
    insight: str
    honours: list[str]
    evidence: list[EvidenceOut]
    videos: list[str]

    @staticmethod
    def resolve_honours(obj) -> list[str]:
        return [str(h) for h in obj.honours.all()]

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())

    @staticmethod
    def resolve_videos(obj) -> list[str]:
        return [m.url for m in obj.media.all() if m.kind == "video"]


class CaseIn(Schema):
    method_id: int
    title: str
    background: str = ""
    practice: str = ""
    outcome: str = ""
    insight: str = ""


class CasePatchIn(Schema):
    title: str | None = None
    method_id: int | None = None
    background: str | None = None
    practice: str | None = None
    outcome: str | None = None
    insight: str | None = None
    honour_ids: list[int] | None = Field(None, description="荣誉编号，整体替换")
    evidence: list[RecordRef] | None = Field(None, description="佐证材料，整体替换；须是本支部的记录")


class NoteIn(Schema):
    note: str = ""


class ResearchIn(Schema):
    meeting_id: int = Field(description="调研座谈会（组织生活记录）编号")
    note: str = ""


class TransitionOut(Schema):
    round: int
    action: str
    action_label: str
    from_status: str
    to_status: str
    actor: str | None
    actor_org: str | None
    note: str
    meeting_id: int | None
    at: dt.datetime

    @staticmethod
    def resolve_action_label(obj) -> str:
        return obj.get_action_display()

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return (obj.actor.get_full_name() or obj.actor.username) if obj.actor else None

    @staticmethod
    def resolve_actor_org(obj) -> str | None:
        return obj.actor_org.code if obj.actor_org else None


class ReviewIn(Schema):
    overall: str = Field(description="总体意见")
    decision: Review.Decision = Field(description="approve 通过，revise 修改后再报")
    section_comments: dict[str, str] = Field(default_factory=dict, description="分项意见：" + "、".join(
        f"{k} {v}" for k, v in SECTIONS))


class ReviewOut(Schema):
    round: int
    reviewer: str | None
    reviewer_org: str | None
    overall: str
    section_comments: dict[str, str]
    decision: Review.Decision
    at: dt.datetime

    @staticmethod
    def resolve_reviewer(obj) -> str | None:
        return (obj.reviewer.get_full_name() or obj.reviewer.username) if obj.reviewer else None

    @staticmethod
    def resolve_reviewer_org(obj) -> str | None:
        return obj.reviewer_org.code if obj.reviewer_org else None


class AdoptionIn(Schema):
    branch: str = Field(description="借鉴支部编码")
    adopted_on: dt.date
    adaptation: str = Field(description="结合实际的做法")
    via_id: int | None = Field(None, description="经由哪条借鉴记录（再借鉴时）")
    outcomes: str = ""
    outcomes_on: dt.date | None = None


class AdoptionOut(Schema):
    id: int
    branch: str
    branch_name: str
    via_id: int | None
    adopted_on: dt.date
    adaptation: str
    outcomes: str
    outcomes_on: dt.date | None

    @staticmethod
    def resolve_branch(obj) -> str:
        return obj.branch.code

    @staticmethod
    def resolve_branch_name(obj) -> str:
        return obj.branch.name


class ReachOut(Schema):
    adoptions: int = Field(description="借鉴次数")
    branches: int = Field(description="借鉴的支部数")
    universities: int = Field(description="涉及高校数")
    cities: int = Field(description="涉及城市数")
    depth: int = Field(description="传播层级：再借鉴的最长链条")
