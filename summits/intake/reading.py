"""A report file (.txt, .html/.htm, .pdf, .docx) as plain text for the drafter.

The drafter reads paragraphs separated by blank lines, so every reader keeps the
document's paragraphs that way. A file that cannot be read raises ReportUnreadable with
a message for the person who chose the file: what is wrong with it and what to do.
Untrusted files are read with limits: the file's size, a PDF's pages and streams, a
.docx's unpacked size, and the length of the text.
"""

import codecs
import io
import math
import re
import statistics
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import PurePath

# python-docx: reads .docx paragraphs and tables in document order, without Word.
import docx
import docx.document
import docx.table

# pypdf: pure Python, so no system library to install; exposes text positions (for
# paragraph breaks) and scoped limits against decompression bombs.
import pypdf
import pypdf.errors

# BeautifulSoup with the standard library's html.parser: forgiving of the broken markup
# that saved web pages hold, and no compiled parser to install.
from bs4 import BeautifulSoup
from bs4.dammit import UnicodeDammit
from bs4.element import PageElement, PreformattedString, Tag
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator

# Far longer than any report (a long one is 50,000 characters), short enough for the
# drafter to finish in seconds.
MAX_CHARACTERS = 1_000_000
# A report is a few pages; a book-length PDF is not one, and each page costs time.
MAX_PDF_PAGES = 300
# Per stream: a page's text is kilobytes; pypdf's own default (75 MB) would let a small
# hostile file unpack to gigabytes over a few hundred pages.
_PDF_LIMITS = {
    name: 10_000_000
    for name in (
        "maximum_declared_stream_length",
        "zlib_maximum_output_length",
        "lzw_maximum_output_length",
        "run_length_maximum_output_length",
        "array_based_stream_maximum_output_length",
        "brotli_maximum_output_length",
    )
}
# A .docx is a zip of XML: ten times the upload limit is room for any real document,
# not for an XML bomb.
DOCX_UNPACKED_FACTOR = 10
ACCEPTED = (".txt", ".html", ".htm", ".pdf", ".docx")


class ReportUnreadable(Exception):
    """str(error) is a message for the user: what is wrong with the file and what to do."""


def report_text_read(*, name: str, data: bytes) -> str:
    """The plain text of a report file (.txt, .html/.htm, .pdf, .docx), by its name's extension."""
    shown = _printable_name(name)
    readers = {
        ".txt": _plain_text,
        ".html": _html_text,
        ".htm": _html_text,
        ".pdf": _pdf_text,
        ".docx": _docx_text,
    }
    reader = readers.get(PurePath(name).suffix.lower())
    if reader is None:
        raise ReportUnreadable(
            f"{shown} is not a {', '.join(ACCEPTED[:-1])} or {ACCEPTED[-1]} file: save the "
            "report in one of those formats, or paste its text."
        )
    limit = settings.TRACKER_REPORT_MAX_BYTES
    if len(data) > limit:
        raise ReportUnreadable(
            # The size is not shown: a caller may pass only the first limit + 1 bytes.
            f"{shown} is over the limit of {filesizeformat(limit)} for a report file: save only "
            "the report's own pages, or paste its text."
        )
    if not data:
        raise ReportUnreadable(_no_text(shown))
    return report_text_clean(name=name, text=reader(shown, data))


def report_text_clean(*, name: str, text: str) -> str:
    """Text as the drafter and the review page need it, whatever its source (a file, a paste).

    Drops NUL and other control characters (but newlines and tabs), lone surrogates (they
    cannot be stored or encoded), invisible marks that split words or reorder the display
    (bidi overrides, zero-width spaces, soft hyphens); one line ending; composed accents (a
    PDF's "e" + combining acute becomes "é", as typed); at most one blank line in a row.
    """
    shown = _printable_name(name)
    if len(text) > 2 * MAX_CHARACTERS:  # most of a longer text is refused anyway: skip the work
        raise ReportUnreadable(_too_long(shown))
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = text.translate(_LIGATURES)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if not text:
        raise ReportUnreadable(_no_text(shown))
    if len(text) > MAX_CHARACTERS:
        raise ReportUnreadable(_too_long(shown))
    return text


_LINE_BREAKS = re.compile(r"\r\n?|[\v\f\x85\u2028\u2029]")
# C0 and C1 controls (but tab and newline), lone surrogates, and the format characters
# that hide or reorder text: bidi marks, embeddings, overrides and isolates, zero-width
# space, word joiner, byte order mark, soft hyphen. Joiners (U+200C/D) stay: scripts need them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\u00ad\u061c\u200b\u200e\u200f"
    "\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# PDFs often set "fi", "fl", … as one glyph; the drafter looks for the letters.
_LIGATURES = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def _printable_name(name: str) -> str:
    """The file's name, safe to put in a message: no control characters, not too long."""
    name = " ".join(_INVISIBLE.sub("", name).split()) or "the file"
    return Truncator(name).chars(120)


def _no_text(shown: str) -> str:
    return f"{shown} holds no text: choose the report's file again, or paste its text."


def _too_long(shown: str) -> str:
    return (
        f"{shown} holds more than {MAX_CHARACTERS:,} characters of text, far more than a "
        "report: save only the report itself, or paste its text."
    )


def _binary(shown: str) -> ReportUnreadable:
    return ReportUnreadable(
        f"{shown} is not a text file (it holds binary data): save the report as .txt, .html, "
        ".pdf or .docx, or paste its text."
    )


# Plain text --------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _plain_text(shown: str, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's "Unicode"
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _binary(shown) from None
    else:
        text = _utf8_or_windows(data)
    _refuse_binary(shown, text)
    return text


def _utf8_or_windows(data: bytes) -> str:
    """UTF-8, even with a damaged byte or an encoded lone surrogate; else Windows-1252.

    In a file from an older Windows editor every accented letter is an invalid UTF-8
    sequence; in a damaged UTF-8 file, valid accented letters outnumber the damage.
    """
    try:
        return data.decode("utf-8-sig", errors="surrogatepass")  # surrogates: cleaned later
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    damaged = text.count("\ufffd")
    if data.startswith(codecs.BOM_UTF8) or sum(ord(c) > 127 for c in text) > 2 * damaged:
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # latin-1 decodes any byte; the control-character test tells text from binary.
        return data.decode("latin-1")


def _refuse_binary(shown: str, text: str) -> None:
    """A stray control character is noise to remove; many of them make a binary file."""
    if len(_CONTROL.findall(text)) > max(10, len(text) // 100):
        raise _binary(shown)


# HTML --------------------------------------------------------------------------------

# Page furniture, not the report. A <header>/<footer> inside an <article> or <main> holds
# the report's own headline and byline, so only those outside are dropped.
_DROPPED = {"script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "form"}
_BLOCKS = {
    "address", "article", "blockquote", "caption", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "footer", "hgroup", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table",
    "tr", "ul",
}  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass
class _Open:
    """An element being walked: its remaining children and what its end adds."""

    children: Iterator[PageElement]
    end: str = ""
    pre: bool = False  # inside <pre>: line breaks are the text's own
    article: bool = False  # inside <article> or <main>


def _html_text(shown: str, data: bytes) -> str:
    # Decodes by the byte order mark, the <meta charset>, then by guessing, as browsers do.
    markup = UnicodeDammit(data, is_html=True).unicode_markup
    if markup is None:
        raise _binary(shown)
    _refuse_binary(shown, markup)
    soup = BeautifulSoup(markup, "html.parser")
    # A walk with a stack rather than bs4's tree edits or recursion: hostile markup nests
    # elements a hundred thousand deep, and each insertion into such a tree costs its depth.
    pieces: list[str] = []
    title, has_h1 = "", False
    stack = [_Open(iter(soup.contents))]
    while stack:
        here = stack[-1]
        node = next(here.children, None)
        if node is None:
            pieces.append(stack.pop().end)
        elif isinstance(node, Tag):
            name = node.name
            if name in _DROPPED or (name in ("header", "footer") and not here.article):
                continue
            if name == "title":
                title = title or node.get_text(" ", strip=True)
            elif name == "br":
                pieces.append("\n")
            else:
                has_h1 = has_h1 or name == "h1"
                block = name in _BLOCKS
                pieces.append("\n\n" if block else "")
                end = "\n\n" if block else "\t" if name in ("td", "th") else ""
                pre = here.pre or name == "pre"
                article = here.article or name in ("article", "main")
                stack.append(_Open(iter(node.contents), end, pre, article))
        elif not isinstance(node, PreformattedString):  # comments, doctypes: not text
            pieces.append(str(node) if here.pre else _HTML_SPACE.sub(" ", node))
    if title and not has_h1:
        pieces.insert(0, title + "\n\n")
    return "\n".join(line.strip(" ") for line in "".join(pieces).split("\n"))


# PDF ---------------------------------------------------------------------------------


def _pdf_text(shown: str, data: bytes) -> str:
    try:
        with pypdf.apply_configuration(**_PDF_LIMITS):
            return _pdf_pages_text(shown, pypdf.PdfReader(io.BytesIO(data)))
    except ReportUnreadable:
        raise
    except (pypdf.errors.FileNotDecryptedError, pypdf.errors.DependencyError):
        # DependencyError: AES encryption, which pypdf reads only with `cryptography`.
        raise _encrypted(shown) from None
    except pypdf.errors.LimitReachedError:
        raise ReportUnreadable(
            f"{shown} holds more data than can be unpacked safely: save the report's own "
            "pages as a new PDF, or paste its text."
        ) from None
    except Exception:
        # pypdf reports a damaged file with many kinds of error (its own, ValueError,
        # KeyError, …): any of them means the same to the user.
        raise ReportUnreadable(
            f"{shown} is not a PDF that can be read (the file is damaged or not a PDF): "
            "save or export it as PDF again, or paste its text."
        ) from None


def _encrypted(shown: str) -> ReportUnreadable:
    return ReportUnreadable(
        f"{shown} is protected by a password: save or print it as a PDF without a password, "
        "or paste its text."
    )


def _pdf_pages_text(shown: str, reader: pypdf.PdfReader) -> str:
    # Many PDFs are encrypted only against editing, with an empty password to open them.
    if reader.is_encrypted and not reader.decrypt(""):
        raise _encrypted(shown)
    count = len(reader.pages)
    if count > MAX_PDF_PAGES:
        raise ReportUnreadable(
            f"{shown} has {count} pages, more than the {MAX_PDF_PAGES} a report file may have: "
            "save the report's own pages as a new PDF, or paste its text."
        )
    pages, length = [], 0
    for page in reader.pages:
        pages.append(_pdf_page_text(page))
        length += len(pages[-1])
        if length > MAX_CHARACTERS:
            raise ReportUnreadable(_too_long(shown))
    if not any(text.strip() for text in pages):
        raise ReportUnreadable(
            f"{shown} has no text layer (a scanned document?): paste its text or run OCR first."
        )
    return "\n\n".join(pages)


class _Line:
    def __init__(self) -> None:
        self.text = ""
        self.y: float | None = None  # baseline, in page units, of its first visible text
        self.size = 0.0  # font size on the page


def _pdf_page_text(page: pypdf.PageObject) -> str:
    """A page's text with blank lines where a paragraph ends.

    A PDF has no paragraphs, only lines placed on the page: a paragraph ends where the
    gap to the next line is wider than the page's usual line spacing, where the font size
    changes (a heading) or where the text moves up (the next column). The usual spacing is
    at most 1.7 times the font size: on a page of one-line paragraphs, the most common gap
    is between paragraphs.
    """
    lines = [_Line()]

    def visit(text: str, cm: list, tm: list, font: object, font_size: float) -> None:
        for number, piece in enumerate(text.split("\n")):
            if number:
                lines.append(_Line())
            line = lines[-1]
            if line.y is None and piece.strip():
                line.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                line.size = font_size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            line.text += piece

    page.extract_text(visitor_text=visit)
    shown = [line for line in lines if line.y is not None]
    gaps = [above.y - below.y for above, below in pairwise(shown) if above.y > below.y]
    usual = statistics.median(gaps) if gaps else math.inf
    out: list[str] = []
    for number, line in enumerate(shown):
        if number:
            before = shown[number - 1]
            gap = before.y - line.y
            size = max(before.size, line.size)
            spacing = min(usual, 1.7 * size) if size > 0 else usual
            resized = abs(before.size - line.size) > 0.15 * size
            out.append("\n\n" if gap < 0 or gap > 1.3 * spacing or resized else "\n")
        out.append(line.text.strip())
    return "".join(out)


# Word --------------------------------------------------------------------------------


def _docx_text(shown: str, data: bytes) -> str:
    not_docx = ReportUnreadable(
        f"{shown} is not a Word document that can be read (the file is damaged, or is not "
        "a .docx): open it in Word or LibreOffice and save it as .docx again, or paste its text."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise not_docx from None
    # python-docx loads every part into memory: a zip's declared sizes bound what it
    # unpacks (zipfile stops at them), so a zip bomb is refused before it is opened.
    limit = DOCX_UNPACKED_FACTOR * settings.TRACKER_REPORT_MAX_BYTES
    if unpacked > limit:
        raise ReportUnreadable(
            f"{shown} unpacks to {filesizeformat(unpacked)}, more than a report can hold: "
            "save it as .docx again (without embedded files), or paste its text."
        )
    try:
        return "\n\n".join(_docx_blocks(docx.Document(io.BytesIO(data))))
    except Exception:
        # A zip that is not a Word document, or a damaged one, fails in python-docx with
        # many kinds of error (KeyError, ValueError, XML syntax errors, …).
        raise not_docx from None


def _docx_blocks(container: "docx.document.Document | docx.table._Cell") -> Iterator[str]:
    """Paragraphs in document order; a table row as one paragraph of tab-separated cells."""
    for block in container.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    # A merged cell is listed once per grid column it spans.
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(" ".join(" ".join(_docx_blocks(cell)).split()))
                yield "\t".join(cell for cell in cells if cell)
        else:
            yield block.text
