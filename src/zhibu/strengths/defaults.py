"""The default "七个有力" indicators: the seven strengths of 教育部's 对标争先 programme, each measured from the
records, with a target, a weight (the weights add up to 100) and the rule it rests on.

Loaded by the data migration, and again by `ensure_defaults()` when the table is empty (a flushed test
database). Codes are stable: plans, standards, adjustments and exports refer to them.
"""

from decimal import Decimal

SUPPORT = "《中国共产党支部工作条例（试行）》"
COLLEGE = "《中国共产党普通高等学校基层组织工作条例》"
MOE = "教育部“七个有力”（高校党组织“对标争先”建设计划）"

# code, strength, label, numerator, denominator, scale, unit, target, weight, citation
DEFAULTS = [
    ("party_lectures", "educate_members", "党课", "meetings.party_lectures", "", 1, "次", 4, 5,
     f"{SUPPORT}第五章“三会一课”：党课每季度至少1次；{MOE}：教育党员有力"),
    ("lecture_attendance", "educate_members", "党课出席率", "meetings.party_lecture_present",
     "meetings.party_lecture_expected", 100, "%", 90, 5,
     f"{COLLEGE}：党支部组织党员参加党的组织生活，接受党性教育；{MOE}：教育党员有力"),
    ("theme_days", "educate_members", "主题党日", "meetings.theme_days", "", 1, "次", 12, 6,
     f"{SUPPORT}第五章：党支部每月相对固定1天开展主题党日"),
    ("member_records_complete", "manage_members", "党员信息完整率", "orgs.members_complete", "orgs.members", 100,
     "%", 100, 6, f"{SUPPORT}：党支部应当加强党员日常管理，做好党员信息管理；{MOE}：管理党员有力"),
    ("general_meetings", "manage_members", "支部党员大会", "meetings.general_meetings", "", 1, "次", 4, 4,
     f"{SUPPORT}第十一条：党支部党员大会……一般每季度召开1次"),
    ("badge_pledges", "manage_members", "“戴党徽、亮身份”承诺率", "assessment.badge_pledges", "orgs.members", 100,
     "%", 100, 4, f"{COLLEGE}：教师党员在教育教学中发挥先锋模范作用；{MOE}：管理党员有力"),
    ("org_life_meeting", "supervise_members", "组织生活会", "meetings.org_life_meetings", "", 1, "次", 1, 5,
     f"{SUPPORT}第十七条：党支部每年至少召开1次组织生活会"),
    ("appraisal", "supervise_members", "民主评议党员", "assessment.appraisals_held", "", 1, "次", 1, 5,
     f"{SUPPORT}第五章：党支部一般每年开展1次民主评议党员；{MOE}：监督党员有力"),
    ("talks_per_member", "supervise_members", "人均谈心谈话", "meetings.talks", "orgs.members", 1, "次/人", 1, 4,
     f"{SUPPORT}第五章：党支部委员之间、党支部委员和党员之间……每年谈心谈话一般不少于1次"),
    ("cobuild_activities", "organise_people", "共建活动", "cobuild.activities", "", 1, "次", 4, 5,
     f"{COLLEGE}：党支部推动党建工作与教学科研管理工作深度融合；{MOE}：组织师生有力"),
    ("integration_rate", "organise_people", "“四同”融合率", "integration.stages", "integration.stages_expected",
     100, "%", 100, 5, f"{COLLEGE}：党建工作与业务工作同谋划、同部署、同落实、同考核；{MOE}：组织师生有力"),
    ("student_activities", "organise_people", "学生思政活动", "integration.student_activities", "", 1, "次", 4, 4,
     f"{COLLEGE}：党支部组织师生开展思想政治工作；{MOE}：组织师生有力"),
    ("articles", "publicise_to_people", "发布宣传稿件", "publishing.articles", "", 1, "篇", 6, 5,
     f"{COLLEGE}：党支部做好宣传思想工作；{MOE}：宣传师生有力"),
    ("cases_published", "publicise_to_people", "发布工作法案例", "methods.cases_published", "", 1, "个", 1, 5,
     f"{MOE}：宣传师生有力，总结推广党支部工作法"),
    ("case_adoptions", "publicise_to_people", "工作法被借鉴推广", "methods.adoptions", "", 1, "次", 2, 4,
     f"{MOE}：发挥样板支部示范带动作用"),
    ("nonmember_participation", "unite_people", "入党积极分子、发展对象参加组织生活", "meetings.nonmember_attendance",
     "", 1, "人次", 20, 5, f"{SUPPORT}：党支部做好发展党员工作，团结凝聚身边群众；{MOE}：凝聚师生有力"),
    ("students_reached", "unite_people", "学生思政覆盖人次", "integration.students_reached", "", 1, "人次", 200, 5,
     f"{COLLEGE}：党支部团结凝聚师生；{MOE}：凝聚师生有力"),
    ("partner_participation", "unite_people", "共建方参加人次", "cobuild.partner_participants", "", 1, "人次", 30, 4,
     f"{MOE}：凝聚师生有力，校内校外支部共建"),
    ("deeds", "serve_people", "为群众办实事", "assessment.deeds", "", 1, "件", 20, 3,
     f"{SUPPORT}：党支部组织党员为群众办实事；{MOE}：服务师生有力"),
    ("deed_beneficiaries", "serve_people", "办实事受益人次", "assessment.deed_beneficiaries", "", 1, "人次", 100, 3,
     f"{MOE}：服务师生有力"),
    ("destination_rate", "serve_people", "毕业生去向落实率", "careers.graduates_placed", "careers.graduates", 100,
     "%", 95, 4, f"{COLLEGE}：党支部服务学生成长成才；{MOE}：服务师生有力，访企拓岗促就业"),
    ("gradmail_parcels", "serve_people", "“毕业寄”邮寄包裹", "gradmail.parcels", "", 1, "件", 50, 2,
     f"{MOE}：服务师生有力，为毕业生办实事"),
    ("jobs_opened", "serve_people", "访企拓岗拓展岗位", "careers.jobs_opened", "", 1, "个", 20, 2,
     f"{MOE}：服务师生有力，打通就业“最后一公里”"),
]



def default_rows() -> list[dict]:
    return [
        {"code": code, "strength": strength, "label": label, "numerator": num, "denominator": den,
         "scale": Decimal(scale), "unit": unit, "target": Decimal(target), "weight": Decimal(weight),
         "citation": citation, "ordinal": (n + 1) * 10}
        for n, (code, strength, label, num, den, scale, unit, target, weight, citation) in enumerate(DEFAULTS)
    ]
