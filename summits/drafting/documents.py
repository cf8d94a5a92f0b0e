"""An outcome document a report is: a joint statement, a declaration or a list of outcomes
whose paragraphs are numbered ("1. The 17th Summit …", "2. The Leaders agreed …").

A report is read as one when a heading names such a document and at least three
paragraphs are numbered in order. A list of decisions in a news report ("The BNC adopted
the following decisions: 1. …") is numbered too, but has no heading: its items stay list
items. A bulleted list inside a numbered paragraph ("7. The following documents were
signed: - …") belongs to that paragraph.
"""

import itertools
import re
from dataclasses import dataclass, field

from .text import Report, Sentence

_HEADING = re.compile(
    r"\b(?P<kind>joint statement|joint communiqu[eé]|communiqu[eé]|joint declaration|"
    r"declaration|list of outcomes|outcome document|action plan|plan of action|"
    r"programme of action|protocol)\b",
    re.IGNORECASE,
)
_KINDS = {
    "joint statement": "joint_statement",
    "joint communique": "joint_statement",
    "communique": "joint_statement",
    "joint declaration": "declaration",
    "declaration": "declaration",
    "list of outcomes": "list_of_outcomes",
    "outcome document": "list_of_outcomes",
    "protocol": "protocol",
}
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+")
MIN_PARAGRAPHS = 3


@dataclass
class NumberedDocument:
    title: str
    kind: str  # an OutcomeDocument.Kind value
    heading: Sentence
    prose: set[int] = field(default_factory=set)  # report paragraphs that open a number
    numbers: dict[int, int] = field(default_factory=dict)  # report paragraph → its number
    texts: dict[int, str] = field(default_factory=dict)  # number → the paragraph's text
    sentences: dict[int, list[Sentence]] = field(default_factory=dict)  # number → sentences

    def number_of(self, sentence: Sentence) -> int | None:
        return self.numbers.get(sentence.paragraph)


def numbered_document(report: Report) -> NumberedDocument | None:
    """The outcome document the report is, if it is one."""
    numbered = [
        (index, int(match.group(1)), paragraph[match.end() :])
        for index, (_, paragraph) in enumerate(report.paragraphs)
        if (match := _NUMBERED.match(paragraph))
    ]
    if len(numbered) < MIN_PARAGRAPHS or any(
        later[1] <= earlier[1] for earlier, later in itertools.pairwise(numbered)
    ):
        return None
    first = numbered[0][0]
    heading = next(
        (
            s
            for s in report.sentences
            if s.paragraph < first and len(s.text) <= 200 and _HEADING.search(s.text)
        ),
        None,
    )
    if heading is None:
        return None
    kind = _HEADING.search(heading.text).group("kind").lower().replace("é", "e")
    document = NumberedDocument(
        title=" ".join(heading.text.split()).strip(" .:")[:300],
        kind=_KINDS.get(kind, "programme" if "plan" in kind or "programme" in kind else "other"),
        heading=heading,
    )
    starts = {index: (number, text) for index, number, text in numbered}
    document.prose = set(starts)
    current: int | None = None
    for index, (_, paragraph) in enumerate(report.paragraphs):
        if index in starts:
            current, text = starts[index]
            document.texts[current] = text
        elif current is None or not re.match(r"^\s*[-–—•*·]\s+", paragraph):
            current = None  # the closing lines: a source, a signature
            continue
        else:
            document.texts[current] += "\n" + paragraph
        document.numbers[index] = current
    for sentence in report.sentences:
        if sentence.paragraph in document.numbers:
            number = document.numbers[sentence.paragraph]
            document.sentences.setdefault(number, []).append(sentence)
    return document
