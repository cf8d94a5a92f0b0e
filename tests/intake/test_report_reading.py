"""A report file of each accepted format is read into paragraphs; a bad one is refused
with a message that names the file and says what to do."""

import io
import json
import time
import zipfile

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

from summits.intake import reading
from summits.intake.reading import ReportUnreadable, report_text_clean, report_text_read


def refused(name: str, data: bytes) -> str:
    with pytest.raises(ReportUnreadable) as error:
        report_text_read(name=name, data=data)
    return str(error.value)


# Plain text ---------------------------------------------------------------------------


def test_utf8_text_with_byte_order_mark_and_windows_line_endings():
    data = "\ufeffTalks in Hà Nội.\r\nSecond line.\r\n\r\nNext paragraph.".encode()
    assert report_text_read(name="talks.txt", data=data) == (
        "Talks in Hà Nội.\nSecond line.\n\nNext paragraph."
    )


def test_windows_1252_text_is_read_as_such():
    data = "Café talks, “agreed” – naïve.".encode("cp1252")
    assert report_text_read(name="old.txt", data=data) == "Café talks, “agreed” – naïve."


def test_utf16_text_from_notepad():
    data = "Łukasz met Çelik.".encode("utf-16")
    assert report_text_read(name="notepad.txt", data=data) == "Łukasz met Çelik."


def test_utf8_with_one_damaged_byte_keeps_its_accents():
    data = "Nguyễn Đặng met in Hà Nội. ".encode() * 5 + b"\xff"
    assert report_text_read(name="damaged.txt", data=data).startswith("Nguyễn Đặng met")


def test_hostile_characters_are_removed_and_letters_kept():
    text = "Đặng\x00 met\x07 Łukasz\u202e in\u200b Kraków\u200f.\ud800\r\rNext\x1b."
    data = text.encode("utf-8", "surrogatepass")
    assert report_text_read(name="hostile.txt", data=data) == "Đặng met Łukasz in Kraków.\n\nNext."


def test_decomposed_accents_are_composed_and_ligatures_spelt_out():
    assert report_text_clean(name="x", text="Cafe\u0301 of\ufb01cials") == "Café officials"


def test_many_blank_lines_become_one():
    data = b"One.  \n \n\n\t\n\n\nTwo.\n\n\n"
    assert report_text_read(name="gaps.txt", data=data) == "One.\n\nTwo."


def test_binary_file_is_refused():
    data = bytes(range(256)) * 20
    assert refused("photo.txt", data) == (
        "photo.txt is not a text file (it holds binary data): save the report as .txt, "
        ".html, .pdf or .docx, or paste its text."
    )


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n\x00 "])
def test_empty_file_is_refused(data):
    assert refused("empty.txt", data) == (
        "empty.txt holds no text: choose the report's file again, or paste its text."
    )


def test_file_over_the_size_limit_is_refused(settings):
    settings.TRACKER_REPORT_MAX_BYTES = 2048
    assert report_text_read(name="long.txt", data=b"a" * 2048) == "a" * 2048
    assert refused("long.txt", b"a" * 2049) == (
        "long.txt is over the limit of 2.0\xa0KB for a report file: save only the report's "
        "own pages, or paste its text."
    )


def test_text_over_the_character_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CHARACTERS", 100)
    assert refused("book.txt", b"word " * 30) == (
        "book.txt holds more than 100 characters of text, far more than a report: save only "
        "the report itself, or paste its text."
    )


@pytest.mark.parametrize("name", ["report.doc", "report.rtf", "report", "report.txt.exe"])
def test_other_extensions_are_refused(name):
    assert refused(name, b"text") == (
        f"{name} is not a .txt, .html, .htm, .pdf or .docx file: save the report in one of "
        "those formats, or paste its text."
    )


def test_the_name_in_a_message_is_cleaned():
    assert refused("evil\n\u202ename\x00.exe", b"x").startswith("evil name.exe is not")


# HTML ---------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html><head><title>Talks | News site</title>
<style>p { color: red }</style><script>document.write("Tracking")</script></head>
<body><header><nav><a href="/">Home</a> | <a href="/world">World</a></nav></header>
<main><article><header><h1>Lavrov   meets
 Jaishankar</h1><p>By A. Writer</p></header>
<p>The ministers <b>agreed</b> on trade &amp; shipping.<br>They met in\u00a0Moscow.</p>
<!-- an editor's comment -->
<p>\u202eReversed\u202c \u200fmark and <script>alert(1)</script>more.</p>
<table><tr><th>Date</th><th>Event</th></tr><tr><td>3 March</td><td>Talks</td></tr></table>
<aside>Read also: other news</aside>
</article></main><footer>© News site</footer></body></html>"""


def test_html_keeps_paragraphs_and_drops_page_furniture():
    assert report_text_read(name="page.html", data=PAGE.encode()) == (
        "Lavrov meets Jaishankar\n\n"
        "By A. Writer\n\n"
        "The ministers agreed on trade & shipping.\n"
        "They met in Moscow.\n\n"
        "Reversed mark and more.\n\n"
        "Date\tEvent\n\n"
        "3 March\tTalks"
    )


def test_html_title_is_the_first_line_when_there_is_no_h1():
    data = b"<html><head><title>Summit held</title></head><body><p>One.</p><div>Two.</div>"
    assert report_text_read(name="page.htm", data=data) == "Summit held\n\nOne.\n\nTwo."


def test_html_in_its_declared_encoding():
    data = '<meta charset="windows-1251"><p>Встреча в Москве</p>'.encode("cp1251")
    assert report_text_read(name="ru.html", data=data) == "Встреча в Москве"


def test_html_with_only_markup_holds_no_text():
    data = b"<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>"
    assert refused("menu.html", data) == (
        "menu.html holds no text: choose the report's file again, or paste its text."
    )


def test_deeply_nested_html_is_read_in_linear_time():
    data = b"<div><span>" * 50_000 + b"Deep text." + b"</span></div>" * 50_000
    started = time.monotonic()
    assert report_text_read(name="deep.html", data=data) == "Deep text."
    assert time.monotonic() - started < 20


# PDF ----------------------------------------------------------------------------------


def pdf_of(*pages: list[str], size: int = 11) -> bytes:
    document = FPDF()
    document.set_font("Helvetica", size=size)
    for paragraphs in pages:
        document.add_page()
        for paragraph in paragraphs:
            document.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            document.ln(6)
    return bytes(document.output())


LONG = (
    "The Foreign Ministers of India and Russia met in Moscow on Tuesday and agreed to expand "
    "trade in national currencies, to open a shipping route and to meet again next year."
)


def test_pdf_text_keeps_paragraphs_and_pages():
    data = pdf_of([LONG, "Café talks followed."], ["Page two."])
    text = report_text_read(name="talks.pdf", data=data)
    first, second, third = text.split("\n\n")
    assert " ".join(first.split()) == LONG
    assert "\n" in first  # the paragraph's wrapped lines stay together
    assert (second, third) == ("Café talks followed.", "Page two.")


@pytest.mark.parametrize("kind", ["blank", "image"])
def test_pdf_without_a_text_layer_is_refused(kind):
    document = FPDF()
    document.add_page()
    if kind == "image":
        document.image(Image.new("RGB", (200, 100), "gray"), x=10, y=10, w=150)
    assert refused("scan.pdf", bytes(document.output())) == (
        "scan.pdf has no text layer (a scanned document?): paste its text or run OCR first."
    )


def encrypted(data: bytes, user: str, owner: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    # RC4: pypdf writes it without the optional `cryptography` package.
    writer.encrypt(user, owner, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_with_a_password_is_refused():
    data = encrypted(pdf_of(["Secret talks."]), user="secret", owner="owner")
    assert refused("locked.pdf", data) == (
        "locked.pdf is protected by a password: save or print it as a PDF without a "
        "password, or paste its text."
    )


def test_pdf_protected_only_against_editing_is_read():
    data = encrypted(pdf_of(["Open talks."]), user="", owner="owner")
    assert report_text_read(name="protected.pdf", data=data) == "Open talks."


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n1 0 obj <<", b"PK\x03\x04 not a pdf", bytes(range(256)) * 4]
)
def test_broken_pdf_is_refused(data):
    assert refused("broken.pdf", data) == (
        "broken.pdf is not a PDF that can be read (the file is damaged or not a PDF): save "
        "or export it as PDF again, or paste its text."
    )


def test_pdf_with_too_many_pages_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_PDF_PAGES", 2)
    assert refused("book.pdf", pdf_of(["One."], ["Two."], ["Three."])) == (
        "book.pdf has 3 pages, more than the 2 a report file may have: save the report's own "
        "pages as a new PDF, or paste its text."
    )


def test_pdf_text_over_the_character_limit_is_refused_while_reading(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CHARACTERS", 100)
    pages = [[LONG]] * 50
    read = []
    original = reading._pdf_page_text
    monkeypatch.setattr(reading, "_pdf_page_text", lambda page: read.append(1) or original(page))
    assert refused("long.pdf", pdf_of(*pages)).startswith("long.pdf holds more than 100")
    assert len(read) == 1  # stopped at the first page over the limit


# Word ---------------------------------------------------------------------------------


def docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_tables_in_order():
    document = docx.Document()
    document.add_heading("Talks in Hà Nội", level=1)
    document.add_paragraph("Nguyễn met Đặng.\tThey agreed.")
    document.add_paragraph("")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Date"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Event"
    table.cell(1, 0).text = "3 March"
    table.cell(1, 2).text = "Signing"
    document.add_paragraph("After the table.")
    assert report_text_read(name="talks.docx", data=docx_bytes(document)) == (
        "Talks in Hà Nội\n\nNguyễn met Đặng.\tThey agreed.\n\nDate\tEvent\n\n"
        "3 March\tSigning\n\nAfter the table."
    )


NOT_DOCX = (
    "odd.docx is not a Word document that can be read (the file is damaged, or is not a "
    ".docx): open it in Word or LibreOffice and save it as .docx again, or paste its text."
)


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return out.getvalue()


def test_zip_that_is_not_a_docx_is_refused():
    assert refused("odd.docx", zip_of({"notes.txt": b"hello"})) == NOT_DOCX


@pytest.mark.parametrize("data", [b"{\\rtf1 old Word}", b"PK\x03\x04broken"])
def test_file_that_is_not_a_zip_is_refused_as_docx(data):
    assert refused("odd.docx", data) == NOT_DOCX


def test_docx_with_damaged_xml_is_refused():
    document = zipfile.ZipFile(io.BytesIO(docx_bytes(docx.Document())))
    members = {name: document.read(name) for name in document.namelist()}
    members["word/document.xml"] = b"<w:document><unclosed>"
    assert refused("odd.docx", zip_of(members)) == NOT_DOCX


def test_docx_that_unpacks_to_too_much_is_refused(settings):
    settings.TRACKER_REPORT_MAX_BYTES = 10_000
    data = zip_of({"word/document.xml": b" " * 200_000})
    assert refused("bomb.docx", data) == (
        "bomb.docx unpacks to 195.3\xa0KB, more than a report can hold: save it as .docx "
        "again (without embedded files), or paste its text."
    )


# The draft_report command reads every format ----------------------------------------

REPORT = (
    "Chinese Premier Li Qiang met Mauro Vieira, envoy of Brazil, on May 6, 2026.",
    "They agreed to meet again in early 2027.",
)


def drafted(tmp_path, name: str, data: bytes) -> list[dict]:
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "draft.json"
    call_command("draft_report", str(path), "-o", str(out), stderr=io.StringIO())
    return json.loads(out.read_text(encoding="utf-8"))


def test_draft_report_reads_a_pdf_and_a_docx_as_it_reads_text(db, tmp_path):
    from_text = drafted(tmp_path, "report.txt", "\n\n".join(REPORT).encode())
    document = docx.Document()
    for paragraph in REPORT:
        document.add_paragraph(paragraph)
    assert drafted(tmp_path, "report.docx", docx_bytes(document)) == from_text
    assert drafted(tmp_path, "report.pdf", pdf_of(list(REPORT))) == from_text
    assert any(record["model"] == "summits.meeting" for record in from_text)


def test_draft_report_turns_an_unreadable_file_into_a_command_error(db, tmp_path):
    path = tmp_path / "scan.pdf"
    blank = FPDF()
    blank.add_page()
    path.write_bytes(bytes(blank.output()))
    with pytest.raises(CommandError) as error:
        call_command("draft_report", str(path), stdout=io.StringIO())
    assert str(error.value) == (
        f"{path} has no text layer (a scanned document?): paste its text or run OCR first."
    )


def test_draft_report_reads_no_more_than_the_limit_of_a_large_file(db, tmp_path, settings):
    settings.TRACKER_REPORT_MAX_BYTES = 1000
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 100_000)
    with pytest.raises(CommandError, match=r"huge\.txt is over the limit of 1000\xa0bytes"):
        call_command("draft_report", str(path), stdout=io.StringIO())


def test_draft_report_says_when_the_file_is_missing(db, tmp_path):
    with pytest.raises(
        CommandError, match=r"cannot read .*missing\.txt: No such file or directory\."
    ):
        call_command("draft_report", str(tmp_path / "missing.txt"), stdout=io.StringIO())
