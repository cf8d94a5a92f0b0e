"""Second pass over a sentence: later mentions of people already named.

By surname or given name ("Kim", "Minister Diên"), or by a title alone ("EAM", "the High
Representative", "the Amir") that only one of them holds.
"""

import re

from .names import NOT_NAMES, Person, PersonMention, name_key

# Short titles analysts' sources use for a person they already named.
_ABBREVIATIONS = {"eam": "external affairs minister", "fm": "foreign minister"}
_ABBREVIATIONS |= {"pm": "prime minister", "deputy pm": "deputy prime minister"}
# Titles that name one person when written alone after "the": "the Amir", "the Sultan".
_RANKS = frozenset(
    ["amir", "emir", "sultan", "king", "queen", "pope", "president", "chancellor", "premier"]
)


class References:
    """The people named so far, by their short names and titles, to resolve later mentions."""

    def __init__(self) -> None:
        self._by_short: dict[str, list[Person]] = {}
        self._by_head: dict[str, list[Person]] = {}
        self._head_starts: set[str] = set()

    def know(self, person: Person) -> None:
        """Index a person's short names and titles, once they have been named."""
        tokens = [name_key(t) for t in person.tokens]
        for token in {tokens[0], tokens[-1]} if tokens else ():
            if len(token) > 1 and token not in NOT_NAMES - {"he"}:
                self._by_short.setdefault(token, []).append(person)
        heads = set()
        for head in person.heads:
            head = re.sub(r"^(?:the|a|an)\s+", "", head)
            if len(head.split()) >= 2 or head in _ABBREVIATIONS or head in _RANKS:
                heads.add(head)
            for short, long in _ABBREVIATIONS.items():
                if head == long or head.endswith(" " + long):
                    heads.add(short)
        for head in heads:
            self._by_head.setdefault(head, []).append(person)
            self._head_starts.add(head.split()[0])

    def referred(self, text: str, taken: list[tuple[int, int]]) -> list[PersonMention]:
        """Later mentions of people already named: by one of their names (if no one else
        named has it), or by a title that only one of them holds."""
        found: list[PersonMention] = []
        for match in re.finditer(r"(?<![\w’'-])([A-ZÀ-ÞĀ-ỹ][\w’'-]*)", text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            word = match.group(1).removesuffix("’s").removesuffix("'s")
            people = self._by_short.get(name_key(word), [])
            if len(people) != 1:
                continue
            before = text[max(0, match.start() - 40) : match.start()].rstrip()
            titled = bool(
                re.search(
                    r"(?:Minister|President|Premier|PM|Chancellor|Secretary|Mr\.?|Ms\.?|Dr\.?)$",
                    before,
                )
            )
            if name_key(word) in ("he", "she", "it") and not titled:
                continue  # "He" at the start of a sentence is a pronoun, "Vice Premier He" a name
            start = match.start()
            if titled:
                start = before.rfind(" ", 0, len(before)) + 1 if " " in before else 0
                start += max(0, match.start() - 40)
            found.append(PersonMention(start, match.start() + len(word), people[0], reference=True))
            taken.append((match.start(), match.end()))
        words = [
            (m.start(), m.end(), name_key(m.group(0))) for m in re.finditer(r"[\w.'’-]+", text)
        ]
        index = 0
        while index < len(words):
            if words[index][2] not in self._head_starts:
                index += 1
                continue
            for size in range(min(10, len(words) - index), 0, -1):
                head = " ".join(w for _, _, w in words[index : index + size])
                people = self._by_head.get(head, [])
                if len(people) != 1:
                    continue
                start, end = words[index][0], words[index + size - 1][1]
                if self._title_reference(text, start, end, head) and not any(
                    s < end and start < e for s, e in taken
                ):
                    found.append(PersonMention(start, end, people[0], reference=True))
                    taken.append((start, end))
                    index += size - 1
                break
            index += 1
        return found

    def _title_reference(self, text: str, start: int, end: int, head: str) -> bool:
        after = text[end : end + 12]
        if re.match(r"\s*,?\s*(?:[A-Z]|Mr|Ms|Dr|H\.?E)", after) and not re.match(
            r"\s*(?:And|The)\b", after
        ):
            return False  # a title before a name, or one of several: not a reference
        if len(head.split()) == 1 and head not in _ABBREVIATIONS:
            # "the Amir", "the Sultan": one word names someone only after "the".
            return bool(re.search(r"\bthe\s+$", text[max(0, start - 5) : start]))
        return True
