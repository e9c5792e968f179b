"""Statistics tables as CSV (one table per file) and XLSX (one sheet each).

A table is ``Table(name, title, headers, rows)``: ``rows`` hold numbers,
dates and text as they are; the writers turn them into cells. Text that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is
written with a leading apostrophe.
"""

from dataclasses import dataclass
from datetime import date
from openpyxl import Workbook

import csv
import io


CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    name: str
    title: str
    headers: list
    rows: list


def _cell(value, dates_as_text=True):
    if isinstance(value, date) and dates_as_text:
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(table):
    """The table as UTF-8 CSV with a byte-order mark (so spreadsheet programs
    read the accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_cell(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(tables):
    """The tables as one workbook, a sheet per table."""
    workbook = Workbook(write_only=True)
    for table in tables:
        # Sheet titles: at most 31 characters, none of []:*?/\
        title = "".join(c for c in table.title if c not in "[]:*?/\\")[:31]
        sheet = workbook.create_sheet(title=title or table.name)
        sheet.append([_cell(header) for header in table.headers])
        for row in table.rows:
            sheet.append([_cell(value, dates_as_text=False) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
