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


def excel_text(c):
    """The cell as Excel shows it, for the formats tgt-report writes."""
    v, f = c.value, c.number_format
    if v is None:
        return ""
    if c.is_date:
        return v.date().isoformat()
    if c.data_type != "n":
        return str(v)
    if f.endswith("%"):
        dec = len(f.split(".")[1]) - 1 if "." in f else 0
        return "%.*f%%" % (dec, v * 100)
    dec = len(f.split(".")[1]) if "." in f else 0
    if f == "General":
        return "%g" % v
    return ("{:,.%df}" % dec).format(v) if "," in f else "%.*f" % (dec, v)


def html(path, out):
    """An HTML picture of the sheet: widths, fills, bold, data bars."""
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    bars = {}
    for cf in ws.conditional_formatting:
        for r in cf.rules:
            if r.type == "dataBar":
                col = str(cf.sqref).split(":")[0].rstrip("0123456789")
                bars[col] = "#" + r.dataBar.color.rgb[2:]
    o = ['<!DOCTYPE html><html><head><meta charset="utf-8"/><style>',
         "body{margin:0;font:13px Calibri,Carlito,'Noto Sans CJK SC',"
         "sans-serif}table{border-collapse:collapse}"
         "td,th{border:1px solid #d4d4d4;padding:1px 4px;height:18px;"
         "white-space:nowrap;overflow:hidden}"
         ".h{background:#f3f3f3;color:#555;text-align:center;"
         "font-weight:normal}.tab{display:inline-block;padding:3px 14px;"
         "border:1px solid #aaa;border-top:0;background:#fff;"
         "font-weight:bold;color:#217346}"
         "</style></head><body><table><tr><th class=\"h\"></th>"]
    letters = [c.column_letter for c in ws[1]]
    for k in letters:
        w = ws.column_dimensions[k].width * 7.5
        o.append('<th class="h" style="width:%dpx">%s</th>' % (w, k))
    o.append("</tr>")
    for row in ws.iter_rows():
        o.append('<tr><th class="h">%d</th>' % row[0].row)
        for c in row:
            st = []
            if c.font.b:
                st.append("font-weight:bold")
            if c.fill.fill_type == "solid":
                st.append("background:#" + c.fill.fgColor.rgb[2:])
            if c.font.color is not None and c.font.color.type == "rgb":
                st.append("color:#" + c.font.color.rgb[2:])
            if c.border.top.style:
                st.append("border-top:1px solid #000")
            if c.border.bottom.style:
                st.append("border-bottom:2px solid #000")
            if c.data_type == "n" and c.value is not None or \
                    c.alignment.horizontal == "right":
                st.append("text-align:right")
            if c.column_letter in bars and c.row > 1 and \
                    isinstance(c.value, (int, float)):
                p = max(0, min(100, c.value * 100))
                st.append("background:linear-gradient(90deg,%s %d%%,"
                          "transparent %d%%)" % (bars[c.column_letter], p, p))
            t = excel_text(c).replace("&", "&amp;").replace("<", "&lt;")
            o.append('<td style="%s">%s</td>' % (";".join(st), t))
        o.append("</tr>")
    o.append('</table><div class="tab">%s</div></body></html>' % ws.title)
    with open(out, "w") as fp:
        fp.write("\n".join(o))


# readback.py FILE...: the dump above; readback.py --html OUT FILE: the
# picture of docs/report-xlsx.png (see tests/cli/report-xlsx/README).
if len(sys.argv) == 4 and sys.argv[1] == "--html":
    html(sys.argv[3], sys.argv[2])
else:
    for p in sys.argv[1:]:
        dump(p)
