"""What checking a roster produces: the rows as read, every error and warning with its Excel row and header."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..models import Org
from .columns import SHEET_TITLE


class RosterFileError(Exception):
    """The upload is not a roster we can read at all (wrong format, too large, no header row)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RosterError:
    row: int  # as Excel numbers it
    column: str  # the Chinese header
    value: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return f"第{self.row}行：{self.message}"
        return f"第{self.row}行 {self.column} “{self.value}”：{self.message}"


@dataclass
class RosterCell:
    value: str
    error: str = ""
    warning: str = ""


@dataclass
class RosterRow:
    row: int
    cells: list[RosterCell]  # in COLUMNS order, as shown in the preview
    data: dict[str, Any] = field(default_factory=dict)  # Member field values
    positions: list[tuple[str, str, Org]] = field(default_factory=list)  # (kind, title, org)
    id_key: str = ""
    warnings: dict[str, str] = field(default_factory=dict)  # column key → message; these do not block

    @property
    def has_errors(self) -> bool:
        return any(c.error for c in self.cells)


@dataclass
class RosterResult:
    rows: list[RosterRow]
    errors: list[RosterError]
    sheet: str = SHEET_TITLE
    # Worth a look but not wrong enough to refuse: e.g. 性别 disagreeing with the ID number.
    warnings: list[RosterError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def valid_rows(self) -> int:
        return sum(1 for r in self.rows if not r.has_errors)
