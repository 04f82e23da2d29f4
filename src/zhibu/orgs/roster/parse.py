"""Checking every row of a roster workbook, then what only the database can tell, into a `RosterResult`."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from zhibu.core.paths import Scope
from zhibu.core.personal import (
    id_birth_date,
    id_gender,
    id_number_problem,
    normalize_id_number,
    normalize_phone,
    phone_problem,
)
from zhibu.core.progress import ProgressCallback

from ..models import Member, Org, Position
from ..selectors import scope_for_user
from .cells import cell_display, cell_text, parse_choice, parse_date, parse_name, parse_positions, parse_year
from .columns import COLUMN_BY_KEY, COLUMNS
from .reading import find_header, find_sheet, open_workbook, read_bytes
from .results import RosterCell, RosterError, RosterResult, RosterRow

# ID numbers looked up in the database per query when checking duplicates.
LOOKUP_CHUNK = 5000
# Rows read between progress reports.
PROGRESS_EVERY = 250


class _RowChecker:
    """Checks one row at a time; collects the codes and ID numbers that need the database afterwards."""

    def __init__(self) -> None:
        self.today = timezone.localdate()

    def check(self, row_no: int, raw: dict[str, Any]) -> tuple[RosterRow, dict[str, str], dict[str, Any]]:
        cells = [RosterCell(cell_display(raw.get(c.key))) for c in COLUMNS]
        problems: dict[str, str] = {}
        data: dict[str, Any] = {}
        extra: dict[str, Any] = {}

        warnings: dict[str, str] = {}

        def fail(key: str, message: str) -> None:
            problems.setdefault(key, message)

        for column in COLUMNS:
            if column.required and not cell_text(raw.get(column.key)):
                fail(column.key, "必填")

        data["name"] = parse_name(raw.get("name"))
        extra["org_code"] = cell_text(raw.get("org"))
        extra["group_code"] = cell_text(raw.get("group"))

        id_raw = raw.get("id_number")
        id_number = normalize_id_number(cell_text(id_raw))
        if id_number:
            problem = id_number_problem(id_number)
            if problem and isinstance(id_raw, int | float):
                fail("id_number", "身份证号码被存成了数字，后几位可能已丢失；请把本列设为“文本”格式后重新输入")
            elif problem:
                fail("id_number", f"身份证号码{problem}")
        data["id_number"] = id_number
        id_ok = bool(id_number) and "id_number" not in problems

        for key in ("gender", "status", "occupation"):
            value, problem = parse_choice(key, raw.get(key))
            if problem:
                fail(key, problem)
            data[key] = value
        if id_ok:
            from_id = id_gender(id_number)
            if data["gender"] is None and "gender" not in problems:
                data["gender"] = from_id
            elif data["gender"] and data["gender"] != from_id:
                warnings["gender"] = f"与身份证号码不符（身份证号码为{Member.Gender(from_id).label}性），请核对"

        for key in ("birth_date", "joined_on", "full_on"):
            value, problem = parse_date(raw.get(key), self.today)
            if problem:
                fail(key, problem)
            data[key] = value
        if id_ok:
            born = id_birth_date(id_number)
            if data["birth_date"] is None and "birth_date" not in problems:
                data["birth_date"] = born
            elif data["birth_date"] and data["birth_date"] != born:
                warnings["birth_date"] = f"与身份证号码中的出生日期（{born.isoformat()}）不符，请核对"
        if data["birth_date"] and data["joined_on"] and data["joined_on"] <= data["birth_date"]:
            fail("joined_on", "入党日期应晚于出生日期")

        phone = normalize_phone(cell_text(raw.get("phone")))
        if phone:
            problem = phone_problem(phone)
            if problem:
                fail("phone", f"电话号码{problem}")
        data["phone"] = phone

        data["class_year"], problem = parse_year(raw.get("class_year"))
        if problem:
            fail("class_year", problem)
        data["major"] = cell_text(raw.get("major"))
        data["note"] = cell_text(raw.get("note"))

        extra["positions"], problem = parse_positions(raw.get("positions"))
        if problem:
            fail("positions", problem)

        for key in ("name", "major", "note"):
            limit = Member._meta.get_field(key).max_length
            if len(data[key]) > limit:
                fail(key, f"不能超过{limit}个字（现有{len(data[key])}个）")

        # The model's own rules (status ↔ dates, students' major), mapped back to the columns.
        if data["status"] and data["occupation"]:
            try:
                Member(**{k: data[k] for k in ("status", "joined_on", "full_on", "occupation", "major")}).clean()
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    if key in COLUMN_BY_KEY and key not in problems:
                        fail(key, messages[0])

        for key, message in problems.items():
            cells[COLUMNS.index(COLUMN_BY_KEY[key])].error = message
        for key, message in warnings.items():
            cells[COLUMNS.index(COLUMN_BY_KEY[key])].warning = message
        row = RosterRow(row=row_no, cells=cells, data=data, id_key=id_number if id_ok else "", warnings=warnings)
        return row, problems, extra


def roster_parse(
    file: bytes | str | Path | IO[bytes], *, user, progress: ProgressCallback | None = None
) -> RosterResult:
    """Read a roster workbook and check every row; nothing is written.

    `user` is the uploader: branches outside where they may write are reported as unknown.
    None means the system (the command line without --user).
    """
    data = read_bytes(file)
    wb = open_workbook(data)
    try:
        ws = find_sheet(wb)
        total_rows = ws.max_row or 0
        # Some programs write a wrong <dimension>; read to the real end of the sheet.
        ws.reset_dimensions()
        rows_iter = ws.iter_rows(min_row=1, values_only=True)
        header_row, layout = find_header(rows_iter, ws.title)
        total = max(total_rows - header_row, 0)
        checker = _RowChecker()
        parsed: list[tuple[RosterRow, dict[str, str], dict[str, Any]]] = []
        for row_no, values in enumerate(rows_iter, start=header_row + 1):
            raw = {col.key: values[i] for i, col in layout.items() if i < len(values)}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
                continue
            parsed.append(checker.check(row_no, raw))
            if progress and len(parsed) % PROGRESS_EVERY == 0:
                progress(row_no - header_row, max(total, row_no - header_row))
        if progress:
            progress(max(total, 1), max(total, 1))
    finally:
        wb.close()
    rows = _check_against_database(parsed, scope=Scope(everything=True) if user is None else scope_for_user(user))
    errors = [
        RosterError(row.row, column.header, cell.value, cell.error)
        for row in rows
        for column, cell in zip(COLUMNS, row.cells, strict=True)
        if cell.error
    ]
    if not rows and not errors:
        errors.append(RosterError(header_row, "", "", "表头下面没有党员数据"))
    warnings = [
        RosterError(row.row, column.header, cell.value, cell.warning)
        for row in rows
        for column, cell in zip(COLUMNS, row.cells, strict=True)
        if cell.warning and not cell.error
    ]
    return RosterResult(rows=rows, errors=errors, sheet=ws.title, warnings=warnings)


def _check_against_database(parsed, *, scope: Scope) -> list[RosterRow]:
    """Branches, groups, ID numbers already registered, sitting secretaries: a bounded number of queries."""
    codes = {extra["org_code"] for _, _, extra in parsed if extra["org_code"]}
    orgs = {o.code: o for o in Org.objects.filter(code__in=codes)} if codes else {}
    # What the uploader may not write to does not exist, as far as this file is concerned.
    writable = {code: o for code, o in orgs.items() if scope.grants_full(o.path)}
    branch_ids = {o.pk for o in writable.values() if o.holds_members}
    groups = {
        g.code: g for g in Org.objects.filter(kind=Org.Kind.GROUP, parent_id__in=branch_ids)
    } if branch_ids else {}
    sitting = {
        p.org_id: p for p in Position.objects.filter(
            org_id__in=branch_ids, kind=Position.Kind.SECRETARY, ended_on__isnull=True,
        ).select_related("member")
    } if branch_ids else {}

    id_keys = [row.id_key for row, _, _ in parsed if row.id_key]
    registered: dict[str, tuple[str, str]] = {}
    for i in range(0, len(id_keys), LOOKUP_CHUNK):
        chunk = id_keys[i : i + LOOKUP_CHUNK]
        registered.update(
            (n, (path, org_name))
            for n, path, org_name in Member.objects.filter(id_number__in=chunk).values_list(
                "id_number", "org_path", "org__name"
            )
        )

    first_seen: dict[str, int] = {}
    secretaries: dict[int, int] = {}
    rows: list[RosterRow] = []
    for row, problems, extra in parsed:
        def fail(key: str, message: str, row=row, problems=problems) -> None:
            if key not in problems:
                problems[key] = message
                row.cells[COLUMNS.index(COLUMN_BY_KEY[key])].error = message

        org = writable.get(extra["org_code"])
        group = None
        if extra["org_code"] and org is None:
            fail("org", f"没有编码为“{extra['org_code']}”的支部，或您没有管理该支部的权限")
        elif org is not None and not org.holds_members:
            if org.kind == Org.Kind.GROUP:
                fail("org", "这是党小组的编码；支部编码请填其所属党支部，党小组编码填在“党小组编码”列")
            else:
                fail("org", f"党员不能直接编入{org.get_kind_display()}，请填写党支部的编码")
            org = None
        if org is not None and extra["group_code"]:
            group = groups.get(extra["group_code"])
            if group is None or group.parent_id != org.pk:
                fail("group", f"支部“{org.name}”下没有编码为“{extra['group_code']}”的党小组")
                group = None

        if row.id_key:
            if row.id_key in first_seen:
                fail("id_number", f"与第{first_seen[row.id_key]}行的身份证号码重复")
            else:
                first_seen[row.id_key] = row.row
            if row.id_key in registered:
                path, org_name = registered[row.id_key]
                if scope.contains(path):
                    fail("id_number", f"该身份证号码已登记在“{org_name}”的党员名下")
                else:
                    fail("id_number", "该身份证号码已被登记")

        for kind, title in extra["positions"]:
            if org is None:
                break
            if kind == Position.Kind.GROUP_LEADER:
                if group is None:
                    if "group" not in problems:
                        fail("positions", "党小组组长须填写所在党小组的编码")
                    continue
                row.positions.append((kind, title, group))
                continue
            if kind == Position.Kind.SECRETARY:
                if org.pk in sitting:
                    holder = sitting[org.pk].member
                    fail("positions", f"“{org.name}”已有在任书记{holder.name}；导入不会替换现任书记，"
                                      "如需换届请先在支部页面办理原书记离任，或删去本行的“书记”")
                elif org.pk in secretaries:
                    fail("positions", f"同一支部只能有一名书记（第{secretaries[org.pk]}行、第{row.row}行都填了书记）")
                else:
                    secretaries[org.pk] = row.row
            row.positions.append((kind, title, org))

        row.data["org"], row.data["group"] = org, group
        rows.append(row)
    return rows
