"""An independent reader and writer of .xlsx workbooks for the tests (openpyxl).

  python xlsx.py dump FILE         prints every sheet as JSON: name, rows of [value, type],
                                   dates as YYYY-MM-DD, number formats, formulas flagged
  python xlsx.py write FILE SPEC   writes a workbook from a JSON spec {sheets: [{name, rows}]},
                                   where a cell {"date": "YYYY-MM-DD"} is a date cell
"""
import datetime
import json
import sys

import openpyxl


def dump(path):
    book = openpyxl.load_workbook(path)  # formulas as written, not evaluated
    out = []
    for ws in book.worksheets:
        rows = []
        for row in ws.iter_rows():
            cells = []
            for c in row:
                v = c.value
                if isinstance(v, datetime.datetime):
                    v = v.date().isoformat()
                elif isinstance(v, datetime.date):
                    v = v.isoformat()
                cells.append([v, c.data_type, c.number_format, bool(c.quotePrefix) if c.has_style else False])
            rows.append(cells)
        out.append({"name": ws.title, "rows": rows, "freeze": ws.freeze_panes})
    print(json.dumps(out, ensure_ascii=False))


def write(path, spec):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in spec["sheets"]:
        ws = book.create_sheet(sheet["name"])
        for r, row in enumerate(sheet["rows"], start=1):
            for c, v in enumerate(row, start=1):
                if v is None:
                    continue
                if isinstance(v, dict) and "date" in v:
                    cell = ws.cell(r, c, datetime.date.fromisoformat(v["date"]))
                    cell.number_format = v.get("format", "DD.MM.YYYY")
                else:
                    ws.cell(r, c, v)
    book.save(path)


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2])
    else:
        write(sys.argv[2], json.loads(sys.argv[3]))
