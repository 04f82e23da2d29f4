"""The roster's layout: its sheets, and its columns with their headers, notes, aliases and choices.

The template, the parser and the export all go by `COLUMNS`, so that an exported file can be
edited and imported again.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ..models import Member

SHEET_TITLE = "党员名册"
HELP_SHEET_TITLE = "填写说明"
CODES_SHEET_TITLE = "编码对照"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    required: bool = False
    kind: str = "text"  # text | date | choice | year | positions
    note: str = ""
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()

    @property
    def letter(self) -> str:
        return get_column_letter(COLUMNS.index(self) + 1)


# Office labels offered in the 职务 dropdown; any other “…委员” is a committee member with that title.
POSITION_CHOICES = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "委员", "党小组组长")

COLUMNS: tuple[Column, ...] = (
    Column("org", "支部编码", 16, required=True,
           note="党员所在党支部的编码，见“编码对照”工作表或组织页面。", aliases=("所在支部编码", "组织编码")),
    Column("group", "党小组编码", 14, note="可不填。填写的须是该支部下的党小组。"),
    Column("name", "姓名", 10, required=True, note="与身份证一致。"),
    Column("gender", "性别", 7, kind="choice", choices=tuple(Member.Gender.labels),
           note="男或女；可不填，按身份证号码自动判断。"),
    Column("id_number", "身份证号", 22, required=True,
           note="18位居民身份证号码，末位可为X。请保持本列为“文本”格式，否则Excel会把后几位变成0。",
           aliases=("身份证号码", "公民身份号码", "身份证")),
    Column("birth_date", "出生日期", 12, kind="date", note="可不填，按身份证号码自动生成；填写的须与身份证号码一致。"),
    Column("phone", "手机号码", 14, note="11位手机号码，或带区号的固定电话（如010-62345678）。",
           aliases=("手机号", "手机", "联系电话", "电话")),
    Column("status", "政治面貌", 13, required=True, kind="choice", choices=tuple(Member.Status.labels),
           note="入党积极分子、发展对象、预备党员或正式党员。"),
    Column("joined_on", "入党日期", 12, kind="date", note="预备党员和正式党员必填（接收为预备党员的日期）。",
           aliases=("入党时间",)),
    Column("full_on", "转正日期", 12, kind="date", note="正式党员必填；尚未转正的不填。", aliases=("转正时间",)),
    Column("occupation", "身份", 13, required=True, kind="choice", choices=tuple(Member.Occupation.labels),
           note="教师、管理服务人员、学生、离退休人员或其他。", aliases=("人员类别",)),
    Column("major", "专业", 18, note="学生党员必填。"),
    Column("class_year", "年级", 8, kind="year", note="入学年份，如2021；可不填。"),
    Column("positions", "职务", 14, kind="positions", choices=POSITION_CHOICES,
           note="可不填。书记、副书记、组织委员、宣传委员、纪检委员、委员或党小组组长；"
                "兼任的用顿号分隔。党小组组长须填写党小组编码。"
                "支部已有在任书记的，导入不会替换，请先在支部页面办理换届。"),
    Column("note", "备注", 30),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

# Every header and alias a roster may use, to the column it names.
HEADER_LOOKUP = {h: c for c in COLUMNS for h in (c.header, *c.aliases)}
