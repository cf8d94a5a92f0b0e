"""The brief as a PDF (fpdf2, pure Python, nothing fetched while rendering): a title page,
a heading per section, tables, and page numbers in the footer.

Text is set in DejaVu Sans (TRACKER_PDF_FONT), which holds the letters reports use
("Hà Nội", "India–Russia"). Where that font file is missing, the PDF falls back to the
PDF core font Helvetica, with the text transliterated to what Helvetica can show.
"""

from pathlib import Path

from anyascii import anyascii
from django.conf import settings
from fpdf import FPDF
from fpdf.fonts import FontFace

from .content import Brief, Table, outline


class _BriefPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.brief_title = title
        font = Path(settings.TRACKER_PDF_FONT)
        bold = font.with_name(font.stem + "-Bold" + font.suffix)
        if font.is_file() and bold.is_file():
            self.add_font("Brief", "", font)
            self.add_font("Brief", "B", bold)
            self.family, self.plain = "Brief", False
        else:
            self.family, self.plain = "Helvetica", True
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def text_of(self, text: str) -> str:
        return anyascii(text) if self.plain else text

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, size=8)
        self.cell(0, 6, self.text_of(f"{self.brief_title} · page {self.page_no()}"), align="C")


def _widths(table: Table) -> tuple[int, ...]:
    """Columns as wide as their longest text, within bounds: a title gets more room than
    a date, and no column is squeezed to a letter a line."""
    return tuple(
        min(max(len(row[n]) for row in [table.headers, *table.rows]), 40) + 6
        for n in range(len(table.headers))
    )


def brief_pdf(brief: Brief) -> bytes:
    pdf = _BriefPDF(brief.title)
    pdf.set_title(pdf.text_of(brief.title))
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 22)
    pdf.ln(60)
    pdf.multi_cell(0, 11, pdf.text_of(brief.title), align="L")
    pdf.ln(6)
    pdf.set_font(pdf.family, size=11)
    pdf.multi_cell(0, 6, pdf.text_of(brief.prepared), align="L")
    pdf.add_page()
    for part in outline(brief):
        pdf.start_section(pdf.text_of(part.heading))  # the PDF's outline (bookmarks)
        pdf.set_font(pdf.family, "B", 14)
        pdf.multi_cell(0, 8, pdf.text_of(part.heading), align="L")
        pdf.ln(1)
        pdf.set_font(pdf.family, size=9.5)
        for text in part.paragraphs:
            pdf.multi_cell(0, 5, pdf.text_of(text), align="L")
            pdf.ln(1)
        if part.table:
            with pdf.table(
                headings_style=FontFace(emphasis="BOLD"),
                line_height=5,
                text_align="LEFT",
                col_widths=_widths(part.table),
            ) as table:
                for row in [part.table.headers, *part.table.rows]:
                    cells = table.row()
                    for text in row:
                        cells.cell(pdf.text_of(text))
        pdf.ln(4)
    return bytes(pdf.output())
