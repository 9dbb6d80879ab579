"""A member's statement as files to keep: CSV for a spreadsheet, PDF to
print or send. The PDF uses a core font, which knows only Latin-1, so any
other character (an emoji in a name, a curly quote) becomes its nearest
plain form or a question mark rather than breaking the file."""
from __future__ import annotations

import csv
import io
import unicodedata

from fpdf import FPDF

PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                       "\u2026": "...", "\u00a0": " "})


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        # a cell starting with = + - @ would run as a formula in a spreadsheet
        writer.writerow(["'" + cell if cell[:1] in ("=", "+", "-", "@") else cell for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")   # the mark tells spreadsheets it is UTF-8


def latin1(text: str) -> str:
    plain = unicodedata.normalize("NFKC", text.translate(PLAIN))
    return plain.encode("latin-1", "replace").decode("latin-1")


def pdf_bytes(title: str, lines: list[str], header: list[str], rows: list[list[str]], empty: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for line in lines:
        pdf.cell(0, 6, latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    widths = (30, 70, 40, 40)
    pdf.set_font("Helvetica", "B", 10)
    for width, cell in zip(widths, header):
        pdf.cell(width, 7, latin1(cell), border="B", align="R" if width == widths[2] else "L")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    if not rows:
        pdf.cell(0, 7, latin1(empty), new_x="LMARGIN", new_y="NEXT")
    for row in rows:
        for i, (width, cell) in enumerate(zip(widths, row)):
            pdf.cell(width, 6, latin1(cell), align="R" if i == 2 else "L")
        pdf.ln()
    return bytes(pdf.output())
