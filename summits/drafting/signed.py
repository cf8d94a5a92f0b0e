"""Agreements a report says were signed: listed after "The following documents were
signed:", or told in a sentence ("witnessed the signing of a memorandum of understanding
between …", "The agreements signed include a memorandum …, an agreement … and …",
"the India-EU Security and Defence Partnership, signed … by …").

Only what was signed counts: "pledged to sign an agreement", "the deal would be signed"
are commitments, read by `commitments`. A signed joint statement or the minutes of a
session are records of the meeting, not agreements, unless a list of signed documents
names them.
"""

import re
from dataclasses import dataclass

from .text import LIST_ITEM, Sentence

_DOCUMENT = (
    r"(?:memorand(?:um|a) of (?:understanding|cooperation)|memorand(?:um|a)|MoUs?|MoCs?|"
    r"agreements?|protocols?|treat(?:y|ies)|programmes?|programs?|exchanges? of (?:letters|notes)|"
    r"notes|conventions?|accords?|roadmaps?|action plans?|partnership|framework)"
)
_SIGNING = r"(?:signed|exchanged|concluded|inked|initialled)"
# "The following instruments were signed:", "The documents signed were:", "… witnessed the
# exchange of documents including:", "Agreements/MoUs exchanged:".
_LIST_INTRO = re.compile(
    rf"(?=.*\b(?:documents?|instruments?|{_DOCUMENT})\b)(?=.*\b(?:{_SIGNING}|signing|exchange)\b)"
    r"(?=.*\b(?:following|documents|instruments|agreements|memoranda|MoUs|protocols|treaties|"
    r"include|including)\b).*:$",
    re.IGNORECASE,
)
# "… signed the protocol of the tenth session, under which:": what a document says, listed.
_CONTENTS = re.compile(r"\bunder (?:which|it|them|the)\b|\b(?:agreed|decided|undertook)\b", re.I)
# What is still to be signed: a commitment, not an agreement.
_NOT_YET = re.compile(
    r"\b(?:to|will|would|shall|could|may|must|should|be|been|being|not)\s+(?:be\s+)?"
    rf"(?:{_SIGNING}|sign)\b|\bsign(?:ing)?\s+(?:of\s+)?$",
    re.IGNORECASE,
)
# A document told of in a sentence: "a memorandum of understanding between A and B on C",
# "an agreement on the mutual recognition of driving licences", "the Protocol of the 27th
# Session". A count ("six agreements") sums up a list; it is not a document.
_COUNT = r"(?:an?|the|\d+|two|three|four|five|six|seven|eight|nine|ten|several|\w+teen)\b"
_TOLD = re.compile(
    r"(?:\b(?:an?|the)\s+|(?<=signed\s)|(?<=exchanged\s))"
    rf"(?P<title>(?:(?!{_COUNT})[\w’'-]+\s+){{0,3}}?{_DOCUMENT}\b)",
    re.IGNORECASE,
)
# What it is about runs on from a preposition to a comma, a clause or a date:
# "… on support for small exporters", not "… in January 2027 and called for …".
_ABOUT = re.compile(r"\s+(?:on|between|for|of|in|concerning|regarding|to|with)\b", re.IGNORECASE)
_ABOUT_END = re.compile(
    r"[,;.:()]|\s(?:signed|exchanged|which|that|who|was|were|is|are|will|would)\b|"
    r"\s+and\s+(?!(?:the\s+)?[A-Z])|\s+(?:in|on|by|from|at|during)\s+(?:the\s+)?(?:\d|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|margins|sidelines|presence)"
)
# "the India-EU Security and Defence Partnership, signed … by": a title in capitals.
_NAMED = re.compile(
    r"\b(?P<title>(?:[A-Z][\w’'-]*\s+(?:(?:and|of|on|for|in|the)\s+)*){1,8}?"
    r"(?:Memorandum|Agreement|Partnership|Protocol|Treaty|Programme|Convention|Accord|Roadmap|"
    rf"Framework|MoU)),?\s+(?:was\s+|were\s+)?{_SIGNING}\b"
)
# Words that make the subject of "signed" the document, not its signers: "the agreements
# signed include …".
_SIGNED_INCLUDE = re.compile(rf"\b{_SIGNING}\s+(?:include|included|were|are)\b", re.IGNORECASE)
_COMPANY = re.compile(
    r"\b(?:Ltd|Limited|Inc|Corporation|Corp|Company|PJSC|JSC|LLC|plc|GmbH|S\.A|Group|Holdings)\b"
)


@dataclass
class SignedDocument:
    title: str
    kind: str  # an Agreement.Kind value
    level: str  # an Agreement.Level value
    sentence: Sentence  # where it is told, or its list item
    intro: Sentence | None = None  # the sentence that introduced its list
    signers_at: int = 0  # where in the sentence its signers may be named


def signed_in(sentences: list[Sentence], prose: set[int] = frozenset()) -> list[SignedDocument]:
    """The documents the report says were signed, in reading order. Paragraphs in `prose`
    are numbered paragraphs of an outcome document: read as prose, not as list items."""
    found: list[SignedDocument] = []
    intro: Sentence | None = None
    for sentence in sentences:
        if not sentence.listed or sentence.paragraph in prose:
            intro = sentence if is_signed_list(sentence) else None
            if intro is None:
                found += _told(sentence)
            continue
        if intro is None or sentence.paragraph == intro.paragraph:
            continue
        item = LIST_ITEM.sub("", sentence.text).strip()
        title = re.split(r"[;,]?\s+(?:signed|exchanged)\b|[;:]|\s+[–—|]\s+", item)[0]
        found.append(_document(title, sentence, intro, len(title)))
    return found


def is_signed_list(sentence: Sentence) -> bool:
    """A sentence introducing a list of signed documents: its items are not commitments."""
    return bool(_LIST_INTRO.search(sentence.text)) and not _CONTENTS.search(sentence.text)


def _told(sentence: Sentence) -> list[SignedDocument]:
    text = sentence.text
    verb = re.search(
        rf"\b(?:{_SIGNING}|signing of|signature of|exchange of)\b", text, re.IGNORECASE
    )
    if verb is None or _NOT_YET.search(text[: verb.end()]):
        return []
    named = _NAMED.search(text)
    if named:
        return [_document(named.group("title"), sentence, None, named.end())]
    heading = _SIGNED_INCLUDE.search(text)  # "The agreements signed include …"
    documents = []
    for match in _TOLD.finditer(text):
        title, end = _titled(text, match)
        # After the verb ("signed a memorandum …"), just before it ("the memorandum … signed
        # by …"), or in the list a heading opens; never the heading itself.
        after = match.start() >= verb.start()
        before = not heading and 0 <= verb.start() - end <= 2
        if after or before:
            documents.append(_document(title, sentence, None, end))
    return documents


def _titled(text: str, match: re.Match) -> tuple[str, int]:
    """A document's title: its words and what it is about."""
    end = match.end()
    about = _ABOUT.match(text, end)
    if about and not _ABOUT_END.match(text, end):
        stop = _ABOUT_END.search(text, about.end())
        end = stop.start() if stop else len(text)
    return text[match.start("title") : end], end


def _document(title: str, sentence: Sentence, intro: Sentence | None, end: int) -> SignedDocument:
    title = re.sub(r"^(?:an?|the)\s+", "", title.strip(" ,;.:"), flags=re.IGNORECASE)
    title = title[:1].upper() + title[1:]
    level = "business" if _COMPANY.search(title) else "government"
    return SignedDocument(title[:300], kind_of(title), level, sentence, intro, end)


def kind_of(title: str) -> str:
    lower = title.lower()
    for words, kind in (
        (("memorandum", "memoranda", "mou", "moc"), "mou"),
        (("exchange of letters", "exchange of notes", "notes"), "exchange_of_letters"),
        (("protocol",), "protocol"),
        (("treaty", "treaties", "convention"), "treaty"),
        (("programme", "program", "roadmap", "action plan"), "programme"),
    ):
        if any(re.match(rf"(?:[\w’'-]+\s+){{0,3}}{re.escape(w)}\b", lower) for w in words):
            return kind
    return "agreement"
