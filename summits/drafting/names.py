"""The words people's names and titles are made of, and the people the drafter reads.

Vocabularies from `data/titles.json` and the form names are compared in (`name_key`),
shared by the first pass (`titles`), the second (`references`) and the reader (`people`).
"""

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii

DATA = Path(__file__).resolve().parent.parent / "data"
TITLES = json.loads((DATA / "titles.json").read_text(encoding="utf-8"))
PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "do",
        "dos",
        "das",
        "du",
        "di",
        "la",
        "le",
        "bin",
        "bint",
        "ibn",
        "al",
        "el",
        "ben",
    ]
)
NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "for",
        "on",
        "in",
        "at",
        "to",
        "by",
        "with",
        "from",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "it",
        "they",
        "we",
        "his",
        "her",
        "its",
        "their",
        "our",
        "mr",
        "ms",
        "dr",
        "president",
        "minister",
        "ministers",
        "secretary",
        "prime",
        "deputy",
        "foreign",
        "vice",
        "chief",
        "state",
        "government",
        "republic",
        "kingdom",
        "federation",
        "union",
        "committee",
        "commission",
        "council",
        "summit",
        "meeting",
        "session",
        "talks",
        "agreement",
        "memorandum",
        "ministry",
        "department",
        "office",
        "embassy",
        "consulate",
        "university",
        "centre",
        "center",
        "forum",
        "group",
        "people's",
    ]
)


@functools.lru_cache(maxsize=65536)  # the same words come back all the time
def name_key(text: str) -> str:
    return re.sub(r"[\s.]+", " ", anyascii(text).lower().replace("’", "'")).strip()


def _heads() -> dict[str, list[tuple[str, ...]]]:
    """Title heads by their first word, longest first: "first deputy prime minister"."""
    heads: dict[str, list[tuple[str, ...]]] = {}
    extra = ["Member", "Head", "Vice Chairman", "Vice Premier", "aide", "adviser", "advisor"]
    for head in [*TITLES["heads"], *extra]:
        words = tuple(name_key(head).split())
        heads.setdefault(words[0], []).append(words)
    for words in heads.values():
        words.sort(key=len, reverse=True)
    return heads


HEADS = _heads()
# Words that end the name of an organisation, not of a person.
BODIES = frozenset(
    {"service", "agency", "ministry", "department", "office", "council", "committee", "commission"}
    | {"bank", "board", "authority", "company", "corporation", "group", "forum", "university"}
    | {"centre", "center", "institute", "chamber", "party", "government", "secretariat"}
)


@dataclass(eq=False)
class Person:
    """A person the report names; `slug` is set when they are already recorded."""

    name: str
    title: str = ""
    country: str | None = None
    slug: str | None = None
    heads: set[str] = field(default_factory=set)  # titles, lower case, to resolve "the EAM"

    @property
    def tokens(self) -> list[str]:
        return [w for w in self.name.split() if name_key(w) not in PARTICLES]


@dataclass(frozen=True)
class PersonMention:
    start: int  # in the sentence
    end: int
    person: Person
    title: str = ""  # the title written with this mention
    reference: bool = False  # by surname or title alone


def name_words(name: str) -> list[str]:
    return [w for w in name_key(name).split() if w not in PARTICLES]


def initials_agree(mine: list[str], theirs: list[str]) -> bool:
    """ "s" and "subrahmanyam"; [] and anything: given names that do not contradict."""
    if not mine or not theirs:
        return True
    return all(a[0] == b[0] for a, b in zip(mine, theirs, strict=False))
