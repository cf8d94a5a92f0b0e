"""The brief as a Word document (python-docx): a title page, a heading per section, tables
in the document's grid style, and page numbers in the footer."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .content import Brief, outline


def _page_number(paragraph) -> None:
    """A PAGE field: Word fills in each page's number (python-docx has no call for it)."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def brief_docx(brief: Brief) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2)
    document.styles["Normal"].font.size = Pt(10)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{brief.title} · page ")
    _page_number(footer)

    document.add_paragraph(brief.title, style="Title")
    document.add_paragraph(brief.prepared)
    document.add_paragraph(
        "Figures are as recorded in the tracker on that day; every fact cites its source "
        "(listed at the end)."
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for part in outline(brief):
        document.add_heading(part.heading, level=1)
        for text in part.paragraphs:
            document.add_paragraph(text)
        if part.table:
            table = document.add_table(rows=1, cols=len(part.table.headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, part.table.headers, strict=True):
                cell.text = header
                cell.paragraphs[0].runs[0].bold = True
            for row in part.table.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
