"""Sectors a passage is about, from the words reports use for each (`data/sector_keywords.json`)."""

import json
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
_WORDS = json.loads((DATA / "sector_keywords.json").read_text(encoding="utf-8"))
_WORDS.pop("_comment", None)
_PATTERNS = {
    slug: re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])")
    for slug, words in _WORDS.items()
}


def sectors_in(text: str, known: set[str]) -> list[str]:
    """Sector slugs, of those recorded, whose words the text uses."""
    lowered = text.lower()
    return [
        slug for slug, pattern in _PATTERNS.items() if slug in known and pattern.search(lowered)
    ]
