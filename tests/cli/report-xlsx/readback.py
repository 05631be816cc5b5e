#!/usr/bin/python3
# Read a workbook written by tgt-report -f xlsx back with openpyxl and
# print what a person would find in Excel, one line per row:
#   'text'          a text cell (quoted)
#   85.3%-ish       a number: its value as stored, then {number format}
#                   unless General, e.g. 0.853{0.0%} or 92200{#,##0.00}
#   2025-05-17{yyyy-mm-dd}   a date (a number with a date format)
#   None            an empty cell
#   <C6EFCE>        after a cell: its fill colour (status colours)
#   "B " before a row: the row is bold (subtotal / total)
# and the sheet's name, frozen panes, filter, data bars, column widths
# (in Excel characters, as tgt-report chose them) and print setup.
#
# openpyxl missing is a failure, not a skip: CI installs python3-openpyxl.
import sys
import warnings

try:
    import openpyxl
except ImportError:
    sys.exit("readback.py: python3-openpyxl is not installed")

# openpyxl does not keep the Excel 2010 data-bar extension (solid bars);
# the dataBar rule itself it reads.
warnings.simplefilter("ignore")


def cell_text(c):
    v = c.value
    if v is None:
        return "None"
    if c.is_date:
        s = v.date().isoformat() + "{" + c.number_format + "}"
    elif c.data_type == "n":
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        s = repr(v)
        if c.number_format != "General":
            s += "{" + c.number_format + "}"
    else:
        s = repr(v)
    if c.fill.fill_type == "solid":
        s += "<" + c.fill.fgColor.rgb[2:] + ">"
    return s


def dump(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    print("sheets:", ", ".join(wb.sheetnames))
    print("title:", wb.properties.title)
    print("freeze:", ws.freeze_panes, "filter:", ws.auto_filter.ref)
    for cf in ws.conditional_formatting:
        for r in cf.rules:
            lo, hi = r.dataBar.cfvo[0], r.dataBar.cfvo[1]
            print("bars:", cf.sqref, "%s %g..%g" % (lo.type, float(lo.val),
                                                    float(hi.val)))
    # libxlsxwriter stores a width w as pixels: w + 5/7, rounded.
    w = [(k, round(d.width - 5 / 7)) for k, d in
         sorted(ws.column_dimensions.items())]
    print("widths:", " ".join("%s=%d" % kv for kv in w))
    ps = ws.page_setup
    print("print:", ps.orientation, "paper", ps.paperSize, "repeat",
          ws.print_title_rows, "header", repr(ws.oddHeader.center.text))
    for row in ws.iter_rows():
        bold = all(c.font.b for c in row)
        print(("B " if bold else "") + " | ".join(cell_text(c) for c in row))


for p in sys.argv[1:]:
    dump(p)
