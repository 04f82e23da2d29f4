"""The member roster in Excel: template, all-or-nothing import and export, with the same columns.

`roster_parse` reads an uploaded workbook and checks every row, collecting every problem with
its Excel row number and Chinese column header; `roster_import` writes a clean result in one
transaction; `roster_export_workbook` writes members in the template's layout so that an export
can be edited and imported elsewhere.

Secretaries: a roster marks who holds which office, but it never replaces a sitting branch
secretary. A secretary is elected and approved through the party's procedure, and an import that
quietly ended the current secretary's term would change the record of someone not in the file.
So a 书记 in the file for a branch that already has a current secretary is an error that names the
sitting secretary; the change of office (换届) is done on the branch page, then the file imports.

The modules: `columns` (sheets and columns), `cells` (one cell's value), `reading` (opening an
upload, finding the header), `results`, `parse` (`roster_parse`), `importer` (`roster_import`),
`workbooks` (template and export) and `uploads` (the file kept between upload and confirmation).
Callers import from `zhibu.orgs.roster`.
"""

from .cells import parse_date
from .columns import (
    CODES_SHEET_TITLE,
    COLUMN_BY_KEY,
    COLUMNS,
    HELP_SHEET_TITLE,
    POSITION_CHOICES,
    SHEET_TITLE,
    Column,
)
from .importer import roster_import
from .parse import roster_parse
from .reading import roster_check_file
from .results import RosterCell, RosterError, RosterFileError, RosterResult, RosterRow
from .uploads import UPLOAD_MAX_AGE, upload_discard, upload_open, upload_save, uploads_cleanup
from .uploads import _upload_dir as _upload_dir  # the tests check that nothing is left behind
from .workbooks import EXAMPLE_ROW, roster_export_workbook, roster_template_workbook

__all__ = [
    "CODES_SHEET_TITLE", "COLUMNS", "COLUMN_BY_KEY", "Column", "EXAMPLE_ROW", "HELP_SHEET_TITLE", "POSITION_CHOICES",
    "SHEET_TITLE", "UPLOAD_MAX_AGE", "RosterCell", "RosterError", "RosterFileError", "RosterResult", "RosterRow",
    "parse_date", "roster_check_file", "roster_export_workbook", "roster_import", "roster_parse",
    "roster_template_workbook", "upload_discard", "upload_open", "upload_save", "uploads_cleanup",
]
