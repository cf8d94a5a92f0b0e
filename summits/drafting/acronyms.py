"""Acronyms a report defines: "the ASEAN-India Trade in Goods Agreement (AITIGA)".

A later sentence says only "the AITIGA review"; read with its long form, it says what it
is about (trade). An acronym is taken only when its letters are the initials of the words
before the brackets, so "(Reuters)" or "(pictured)" define nothing.
"""

import re

_WORD = re.compile(r"[A-ZÀ-Þ][\w’'.&-]*")
_SMALL = {"of", "in", "on", "and", "for", "the", "&", "to"}
_SHORT = re.compile(r"\s\((?P<short>[A-Z][A-Za-z]*[A-Z](?:-[A-Z]+)?)\)")
_LONGEST = 12  # words a long form may have: the look back stays short on any text


def acronyms_in(text: str) -> dict[str, str]:
    """Each acronym the text defines, with its long form."""
    found: dict[str, str] = {}
    for match in _SHORT.finditer(text):
        short = match.group("short")
        words = text[max(0, match.start() - 200) : match.start()].split()[-_LONGEST:]
        run: list[str] = []  # the capitalised words (and small ones) right before it
        for word in reversed(words):
            if not (_WORD.fullmatch(word) or word in _SMALL):
                break
            run.insert(0, word)
        letters = short.replace("-", "").lower()
        for first in range(len(run) - 2, -1, -1):  # the shortest long form that fits
            if run[first] not in _SMALL and _initials_fit(letters, run[first:]):
                found.setdefault(short, " ".join(run[first:]))
                break
    return found


def expanded(text: str, acronyms: dict[str, str]) -> str:
    """The text with each defined acronym followed by its long form."""
    for short, long in acronyms.items():
        text = re.sub(rf"(?<![\w-]){re.escape(short)}(?![\w-])", f"{short} ({long})", text)
    return text


def _initials_fit(letters: str, words: list[str]) -> bool:
    """Whether the letters are the words' initials in order (a hyphenated word gives one per
    part; a small word such as "of" may give its initial or none)."""
    parts = [part for word in words for part in word.split("-") if part]
    return _fit(letters, [(part[0].lower(), part.lower() in _SMALL) for part in parts])


def _fit(letters: str, initials: list[tuple[str, bool]]) -> bool:
    if not initials:
        return not letters
    (initial, small), rest = initials[0], initials[1:]
    if letters and letters[0] == initial and _fit(letters[1:], rest):
        return True
    return small and _fit(letters, rest)
