"""People a report names: who they are, their title and country, and every later mention.

A name is recognised by what surrounds it, as an analyst reads it: a title before it
("Foreign Minister Wang Yi", "Minister of Industry and Trade Nguyễn Hồng Diên") or after
it ("Wang Wentao, Minister of Commerce of …"), an honorific ("H.E.", "Shri", "Dr."), or
"counterpart". Honorifics stay out of the name. Later mentions by surname or given name
("Kim", "Minister Diên"), by title alone ("EAM", "the High Representative") or by a
short form ("S Jaishankar" for "Dr. S. Jaishankar") resolve to the same person.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii

from .places import Gazetteer
from .text import Sentence

DATA = Path(__file__).resolve().parent.parent / "data"
_TITLES = json.loads((DATA / "titles.json").read_text(encoding="utf-8"))
_PORTFOLIO = frozenset(w.lower() for w in _TITLES["portfolio_words"])
_PAST = frozenset(w.lower() for w in _TITLES["past_markers"])
_HONORIFICS = sorted(_TITLES["honorifics"], key=len, reverse=True)
# Short titles analysts' sources use for a person they already named.
_ABBREVIATIONS = {"eam": "external affairs minister", "fm": "foreign minister"}
_ABBREVIATIONS |= {"pm": "prime minister", "deputy pm": "deputy prime minister"}
_PARTICLES = frozenset(
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
_NOT_NAMES = frozenset(
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
_MONTHS_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_TOKEN = re.compile(r"[^\s,;:()\"“”]+|[,;:()\"“”]")


def _key(text: str) -> str:
    return re.sub(r"[\s.]+", " ", anyascii(text).lower().replace("’", "'")).strip()


def _heads() -> dict[str, list[tuple[str, ...]]]:
    """Title heads by their first word, longest first: "first deputy prime minister"."""
    heads: dict[str, list[tuple[str, ...]]] = {}
    extra = ["Member", "Head", "Vice Chairman", "Vice Premier", "aide", "adviser", "advisor"]
    for head in [*_TITLES["heads"], *extra]:
        words = tuple(_key(head).split())
        heads.setdefault(words[0], []).append(words)
    for words in heads.values():
        words.sort(key=len, reverse=True)
    return heads


_HEADS = _heads()
# Words that end the name of an organisation, not of a person.
_BODIES = frozenset(
    {"service", "agency", "ministry", "department", "office", "council", "committee", "commission"}
    | {"bank", "board", "authority", "company", "corporation", "group", "forum", "university"}
    | {"centre", "center", "institute", "chamber", "party", "government", "secretariat"}
)
# Titles that name one person when written alone after "the": "the Amir", "the Sultan".
_RANKS = frozenset(
    ["amir", "emir", "sultan", "king", "queen", "pope", "president", "chancellor", "premier"]
)
# Titles written before a name like an honorific, after another title:
# "Foreign Minister Senator Mohammad Ishaq Dar", "Saudi Foreign Minister Prince Faisal".
_STYLES = frozenset(
    ["senator", "prince", "princess", "sheikh", "sheikha", "sayyid", "general", "admiral"]
)
_MODIFIERS = frozenset(_key(m) for m in _TITLES["modifiers"])


@dataclass(eq=False)
class Person:
    """A person the report names; `slug` is set when they are already recorded."""

    name: str
    title: str = ""
    country: str | None = None
    slug: str | None = None
    heads: set[str] = field(default_factory=set)  # titles, lower case, to resolve "the EAM"
    candidates: list[dict] = field(default_factory=list)  # recorded people they may be

    @property
    def tokens(self) -> list[str]:
        return [w for w in self.name.split() if _key(w) not in _PARTICLES]


@dataclass(frozen=True)
class PersonMention:
    start: int  # in the sentence
    end: int
    person: Person
    title: str = ""  # the title written with this mention
    reference: bool = False  # by surname or title alone


@dataclass
class _Token:
    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        return self.text.rstrip(".").removesuffix("’s").removesuffix("'s")

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


class PeopleReader:
    def __init__(self, gazetteer: Gazetteer, recorded: list[dict]) -> None:
        self.gazetteer = gazetteer
        self.recorded = recorded  # {"slug", "name", "variants", "title", "country"}
        self.recorded_by_key = {_key(v): r for r in recorded for v in r["variants"]}
        self.people: list[Person] = []

    # First pass: full names, each with the title and country written next to it --------

    def read(self, sentences: list[Sentence]) -> dict[int, list[PersonMention]]:
        found: dict[int, list[PersonMention]] = {}
        first: dict[int, int] = {}  # id(person) → the sentence that first names them
        for sentence in sentences:
            found[sentence.index] = self._named(sentence.text)
            for mention in found[sentence.index]:
                first.setdefault(id(mention.person), sentence.index)
        for sentence in sentences:
            taken = [(m.start, m.end) for m in found[sentence.index]]
            known = [p for p in self.people if first.get(id(p), len(sentences)) <= sentence.index]
            found[sentence.index] += self._referred(sentence.text, taken, known)
            found[sentence.index].sort(key=lambda m: m.start)
        return found

    def _named(self, text: str) -> list[PersonMention]:
        tokens = [_Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        mentions: list[PersonMention] = []
        index = 0
        while index < len(tokens):
            mention, after = (
                self._titled(tokens, index, text)
                or self._honoured(tokens, index, text)
                or self._counterpart(tokens, index, text)
                or (None, index + 1)
            )
            if mention is None:
                mention, after = self._appositive(tokens, index, text) or (None, index + 1)
            if mention is None:
                listed = self._listed(tokens, index, text)
                if listed:
                    mentions += listed[0]
                    after = listed[1]
            if mention:
                mentions.append(mention)
            index = max(after, index + 1)
        return mentions

    def _listed(self, tokens, index, text):
        """ "the two foreign ministers, Constantinos Kombos and Giorgos Gerapetritis"."""
        word = _key(tokens[index].word)
        if not re.fullmatch(
            r"(?:foreign |prime |trade |defence )?(?:ministers|leaders|co-chairs)", word
        ):
            if not (word in ("foreign", "prime", "trade", "defence") and index + 1 < len(tokens)):
                return None
            if not re.fullmatch(r"ministers|secretaries", _key(tokens[index + 1].word)):
                return None
            index += 1
        position = index + 1
        if position >= len(tokens) or tokens[position].text != ",":
            return None
        found = []
        while position < len(tokens) and tokens[position].text in (",", "and"):
            position = self._skip_honorifics(tokens, position + 1, text)
            end = self._name_at(tokens, position)
            if end - position < 2:
                break
            title = tokens[index].word.rstrip("s")
            person = self._person(text[tokens[position].start : tokens[end - 1].end], "", None)
            if person:
                found.append(
                    PersonMention(tokens[position].start, tokens[end - 1].end, person, title)
                )
            position = end
        return (found, position) if len(found) >= 2 else None

    def _title_at(self, tokens: list[_Token], index: int) -> int:
        """The end of a title that starts at `index` ("Deputy Prime Minister and …"), or index."""
        end, headed = index, False
        while end < len(tokens):
            words = [_key(t.word) for t in tokens[end : end + 6]]
            head = next((h for h in _HEADS.get(words[0], []) if tuple(words[: len(h)]) == h), None)
            if head is None:
                if words[0] in _MODIFIERS and end + 1 < len(tokens):
                    end += 1  # "Parliamentary State Secretary"
                    continue
                break
            headed = True
            if tokens[end].text.isupper() and len(head) == 1:
                return end + 1  # "EAM": a title used on its own, not the start of a longer one
            end = self._complement(tokens, end + len(head))
            if (
                end + 1 < len(tokens)
                and tokens[end].text == "and"
                and self._is_title(tokens, end + 1)
            ):
                end += 1  # "Deputy Prime Minister and Foreign Minister …"
                continue
            break
        return end if headed else index

    def _is_title(self, tokens: list[_Token], index: int) -> bool:
        return self._title_at(tokens, index) > index

    def _complement(self, tokens: list[_Token], end: int) -> int:
        """ "of Industry and Trade", "for Foreign and Diaspora Affairs", "of the Republic of X"."""
        if end >= len(tokens) or tokens[end].text not in ("of", "for", "on"):
            return end
        position = end
        while position < len(tokens):
            token = tokens[position]
            word = _key(token.word)
            if token.text in ("of", "for", "on", "and", "the", ",", "&", "in") or (
                word in _PORTFOLIO or _key(token.text) in _PORTFOLIO
            ):
                position += 1
                continue
            if token.capitalised and self.gazetteer.country(token.word):
                position += 1  # "of Mozambique", "of Kenya's State Department"
                continue
            if not token.capitalised and token.text in ("municipal", "provincial", "federal"):
                position += 1
                continue
            break
        # Never end on a connector: "Minister of Trade, Ana Silva": the comma is the name's.
        while position > end and tokens[position - 1].text in ("and", ",", "&"):
            position -= 1
        return position

    def _name_at(self, tokens: list[_Token], index: int, titled: bool = False) -> int:
        """The end of a name starting at `index`, or index when none starts there."""
        end = index
        if (
            titled
            and index + 1 < len(tokens)
            and tokens[index].text == "He"
            and tokens[index + 1].capitalised
        ):
            end += 1  # "Vice Premier He Lifeng": a family name, not the pronoun
        while end < len(tokens):
            token = tokens[end]
            word = _key(token.word)
            if re.fullmatch(r"[A-Z]\.?", token.text) and end + 1 < len(tokens):
                end += 1  # an initial: "N. Chandrababu Naidu", "S Jaishankar"
                continue
            if word in _PARTICLES and not token.capitalised and _particles_then_name(tokens, end):
                end += 1  # "Ursula von der Leyen", "Thani bin Ahmed"
                continue
            if re.match(r"(?:al|el|bin|ibn|ben)-[A-Z]", token.text) or (
                token.capitalised
                and word not in _NOT_NAMES
                and word not in _MONTHS_DAYS
                and not (_HEADS.get(word) or (word in _HEADS and end > index))
                and not self.gazetteer.country(token.word)
                and re.match(r"[^\W\d_]", token.text)
            ):
                end += 1
                if token.text.endswith(("’s", "'s")) or (
                    token.text.endswith(".") and len(token.word) > 2 and token.word != "Jr"
                ):
                    break  # "Modi's", the last word before a full stop
                continue
            break
        # A name has a word of its own, not only initials.
        while end > index and re.fullmatch(r"[A-Z]\.?", tokens[end - 1].text):
            end -= 1
        return end

    def _titled(self, tokens, index, text):
        if index and self._is_title(tokens, index - 1):
            return None  # inside a longer title, read from its start
        end = self._title_at(tokens, index)
        if end == index:
            return None
        title_tokens = tokens[index:end]
        position = end
        comma = position < len(tokens) and tokens[position].text == ","
        if comma:
            position += 1
        position = self._skip_honorifics(tokens, position, text)
        while (
            position + 1 < len(tokens)
            and _key(tokens[position].word) in _STYLES
            and tokens[position + 1].capitalised
        ):
            position += 1
        if not tokens[index].capitalised and not comma:
            return None  # "the minister continues": a lower-case title names nobody after it
        name_end = self._name_at(tokens, position, titled=True)
        if (
            name_end < len(tokens)
            and _key(tokens[name_end].word) in _BODIES
            and name_end + 1 < len(tokens)
            and tokens[name_end + 1].text == ","
        ):
            # "the President of the Dakhla-Oued Eddahab Regional Council, Al Khattat Yanja"
            title_tokens = tokens[index : name_end + 1]
            position = self._skip_honorifics(tokens, name_end + 2, text)
            name_end = self._name_at(tokens, position)
            if name_end == position:
                return None
            name = text[tokens[position].start : tokens[name_end - 1].end]
            title = text[title_tokens[0].start : title_tokens[-1].end]
            person = self._person(name, title, self._country_in(title))
            if person is None:
                return None
            return PersonMention(
                tokens[index].start, tokens[name_end - 1].end, person, title
            ), name_end
        if name_end == position:
            return None
        if position and tokens[position - 1].text in ("of", "the"):
            # "Rais of the Republic of Tatarstan Rustam Minnikhanov": a place ends the title;
            # "Governor of Sichuan Province": the place is all there is.
            if name_end - position < 3:
                return None
            position += 1
            title_tokens = tokens[index:position]
        title = text[title_tokens[0].start : title_tokens[-1].end]
        start = index
        demonym = self._country_before(tokens, index)
        if demonym:
            start, country = demonym
        else:
            country = self._country_in(title) or self._country_after(tokens, name_end)
        name = text[tokens[position].start : tokens[name_end - 1].end]
        person = self._person(name, title, country)
        if person is None:
            return None
        return PersonMention(tokens[start].start, tokens[name_end - 1].end, person, title), name_end

    def _honoured(self, tokens, index, text):
        position = self._skip_honorifics(tokens, index, text)
        if position == index:
            return None
        end = self._name_at(tokens, position)
        if end == position:
            return None
        name = text[tokens[position].start : tokens[end - 1].end]
        title, country = self._title_after(tokens, end, text)
        person = self._person(name, title, country or self._country_after(tokens, end))
        if person is None:
            return None
        return PersonMention(tokens[index].start, tokens[end - 1].end, person, title), end

    def _counterpart(self, tokens, index, text):
        if _key(tokens[index].word) != "counterpart":
            return None
        position = index + 1
        if position < len(tokens) and tokens[position].text == ",":
            position += 1
        if self._title_at(tokens, position) > position:
            return None  # "counterpart, Foreign Minister Sergey Lavrov": read from the title
        position = self._skip_honorifics(tokens, position, text)
        end = self._name_at(tokens, position)
        if end == position:
            return None
        before = self._country_before(tokens, index)
        name = text[tokens[position].start : tokens[end - 1].end]
        person = self._person(name, "", before[1] if before else None)
        if person is None:
            return None
        return PersonMention(tokens[position].start, tokens[end - 1].end, person), end

    def _appositive(self, tokens, index, text):
        """ "Wang Wentao, Minister of Commerce of the People's Republic of China"."""
        if index and tokens[index - 1].capitalised and tokens[index - 1].text not in (",",):
            return None
        end = self._name_at(tokens, index)
        if end - index < 2 or end >= len(tokens) or tokens[end].text != ",":
            return None
        title, country = self._title_after(tokens, end, text)
        if not title:
            return None
        name = text[tokens[index].start : tokens[end - 1].end]
        person = self._person(name, title, country)
        if person is None:
            return None
        return PersonMention(tokens[index].start, tokens[end - 1].end, person, title), end

    def _title_after(self, tokens, end, text) -> tuple[str, str | None]:
        """ ", Commerce Secretary,", ", the Minister of …", ", Brazil's foreign minister"."""
        if end >= len(tokens) or tokens[end].text != ",":
            return "", None
        position = end + 1
        while position < len(tokens) and tokens[position].text.lower() in ("the", "a", "an"):
            position += 1
        country = None
        if position < len(tokens) and self.gazetteer.country(tokens[position].word):
            country = self.gazetteer.country(tokens[position].word)
            position += 1
        stop = self._title_at(tokens, position)
        if stop == position:
            return "", None
        title = text[tokens[position].start : tokens[stop - 1].end]
        return title, country or self._country_in(title) or self._country_after(tokens, stop)

    def _skip_honorifics(self, tokens, index, text) -> int:
        position = index
        while position < len(tokens):
            rest = text[tokens[position].start :]
            honorific = next(
                (
                    h
                    for h in _HONORIFICS
                    if rest.startswith(h) and not rest[len(h) : len(h) + 1].isalpha()
                ),
                None,
            )
            if not honorific:
                break
            stop = tokens[position].start + len(honorific)
            while position < len(tokens) and tokens[position].start < stop:
                position += 1
        return position

    def _country_before(self, tokens, index) -> tuple[int, str] | None:
        """ "Turkish Foreign Minister …", "South African President …", "Poland's …"."""
        for size in (2, 1):
            if index - size < 0 or not all(t.capitalised for t in tokens[index - size : index]):
                continue
            words = " ".join(t.word for t in tokens[index - size : index])
            country = self.gazetteer.country(words)
            if country:
                return index - size, country
        return None

    def _country_in(self, title: str) -> str | None:
        for match in re.finditer(r"[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*", title):
            for words in (match.group(0), *match.group(0).split()):
                country = self.gazetteer.country(words.removesuffix("’s").removesuffix("'s"))
                if country:
                    return country
        return None

    def _country_after(self, tokens, end) -> str | None:
        """ "President Daniel Francisco Chapo of the Republic of Mozambique"."""
        window = " ".join(t.text for t in tokens[end : end + 6])
        match = re.match(
            r"of (?:the )?(?:(?:Republic|Kingdom|State|Federation) of )?([A-Z][\w ’'-]+)", window
        )
        if match:
            words = match.group(1).split()
            for size in range(len(words), 0, -1):
                country = self.gazetteer.country(" ".join(words[:size]))
                if country:
                    return country
        return None

    # People: one record per person ------------------------------------------------------

    def _person(self, name: str, title: str, country: str | None) -> Person | None:
        name = " ".join(name.removesuffix("’s").removesuffix("'s").split()).rstrip(",")
        if name.endswith(".") and not re.search(r"(?:\b[A-Z]|\bJr)\.$", name):
            name = name[:-1]  # the sentence's full stop
        if not name or self.gazetteer.country(name) or self.gazetteer.city(name):
            return None
        if _key(name.split()[-1]) in _BODIES:
            return None  # "Border Guard Service": an organisation
        person = self._same_as(name)
        if person is None:
            person = Person(name=name)
            self._recorded(person)
            self.people.append(person)
        elif len(name.split()) > len(person.name.split()) and not person.slug:
            person.name = name  # "Merz", then "Friedrich Merz"
        if title and not person.title:
            person.title = title
        if title:
            person.heads.add(_key(title))
            for part in re.split(r"\band\b|,", title):
                if part.strip():
                    person.heads.update({_key(part), _key(re.split(r" of | for ", part)[0])})
        if country and not person.country:
            person.country = country
        return person

    def _same_as(self, name: str) -> Person | None:
        key = _key(name)
        words = [w for w in key.split() if w not in _PARTICLES]
        for person in self.people:
            theirs = [w for w in _key(person.name).split() if w not in _PARTICLES]
            if key == _key(person.name):
                return person
            # "S Jaishankar" and "Jaishankar"; "Merz" and "Friedrich Merz".
            if len(words) == 1 and words[0] in (theirs[0], theirs[-1]) and len(words[0]) > 1:
                return person
            if len(theirs) == 1 and theirs[0] in (words[0], words[-1]):
                return person
            if words[-1] == theirs[-1] and _initials_agree(words[:-1], theirs[:-1]):
                return person
        return None

    def _recorded(self, person: Person) -> None:
        """Link a new person to a recorded one: the same name, or one unambiguous fuzzy match."""
        from rapidfuzz import fuzz, process

        key = _key(person.name)
        exact = self.recorded_by_key.get(key)
        if exact is None:
            words = key.split()
            exact = next(
                (
                    r
                    for r in self.recorded
                    for v in r["variants"]
                    if _key(v).split()[-1:] == words[-1:]
                    and _initials_agree(words[:-1], _key(v).split()[:-1])
                ),
                None,
            )
        if exact:
            person.slug, person.name = exact["slug"], exact["name"]
            person.title = person.title or exact["title"]
            person.country = person.country or exact["country"]
            return
        choices = {_key(v): r for r in self.recorded for v in r["variants"]}
        close = process.extract(key, list(choices), scorer=fuzz.WRatio, limit=3, score_cutoff=88)
        person.candidates = list(
            {
                choices[c]["slug"]: {"slug": choices[c]["slug"], "name": choices[c]["name"]}
                for c, *_ in close
            }.values()
        )

    # Second pass: later mentions by one name or by title alone --------------------------

    def _referred(
        self, text: str, taken: list[tuple[int, int]], known: list[Person]
    ) -> list[PersonMention]:
        """Later mentions of people already named: by one of their names, or their title."""
        found: list[PersonMention] = []
        names = self._short_names(known)
        heads = self._title_names(known)
        for match in re.finditer(r"(?<![\w’'-])([A-ZÀ-ÞĀ-ỹ][\w’'-]*)", text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            word = match.group(1).removesuffix("’s").removesuffix("'s")
            person = names.get(_key(word))
            if person is None:
                continue
            before = text[: match.start()].rstrip()
            titled = bool(
                re.search(
                    r"(?:Minister|President|Premier|PM|Chancellor|Secretary|Mr\.?|Ms\.?|Dr\.?)$",
                    before,
                )
            )
            if _key(word) in ("he", "she", "it") and not titled:
                continue  # "He" at the start of a sentence is a pronoun, "Vice Premier He" a name
            start = match.start()
            if titled:
                start = before.rfind(" ", 0, len(before)) + 1 if " " in before else 0
            found.append(PersonMention(start, match.start() + len(word), person, reference=True))
            taken.append((match.start(), match.end()))
        lowered = text.lower()
        for head, person in heads.items():
            for match in re.finditer(rf"(?<![\w-]){re.escape(head)}(?![\w-])", lowered):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                after = text[match.end() :]
                if re.match(r"\s*,?\s*(?:[A-Z]|Mr|Ms|Dr|H\.?E)", after) and not re.match(
                    r"\s*(?:And|The)\b", after
                ):
                    continue  # a title before a name, or one of several: not a reference
                if (
                    len(head.split()) == 1
                    and head not in _ABBREVIATIONS
                    and not re.search(r"\bthe\s+$", text[: match.start()])
                ):
                    continue  # "the Amir", "the Sultan": one word names someone only after "the"
                found.append(PersonMention(match.start(), match.end(), person, reference=True))
                taken.append(match.span())
        return found

    def _short_names(self, known: list[Person]) -> dict[str, Person]:
        """Surnames and given names that name one person only in this report."""
        counts: dict[str, list[Person]] = {}
        for person in known:
            tokens = [_key(t) for t in person.tokens]
            for token in {tokens[0], tokens[-1]} if tokens else ():
                if len(token) > 1 and token not in _NOT_NAMES - {"he"}:
                    counts.setdefault(token, []).append(person)
        return {token: people[0] for token, people in counts.items() if len(people) == 1}

    def _title_names(self, known: list[Person]) -> dict[str, Person]:
        """Titles that name one person only: "the External Affairs Minister", "EAM"."""
        counts: dict[str, list[Person]] = {}
        for person in known:
            for head in person.heads:
                head = re.sub(r"^(?:the|a|an)\s+", "", head)
                if (
                    head in _ABBREVIATIONS.values()
                    or len(head.split()) >= 2
                    or head in _ABBREVIATIONS
                    or head in _RANKS
                ):
                    counts.setdefault(head, []).append(person)
                for short, long in _ABBREVIATIONS.items():
                    if head == long or head.endswith(" " + long):
                        counts.setdefault(short, []).append(person)
        unique = {
            head: people[0] for head, people in counts.items() if len(set(map(id, people))) == 1
        }
        return dict(sorted(unique.items(), key=lambda item: -len(item[0])))


def _particles_then_name(tokens: list[_Token], index: int) -> bool:
    while index < len(tokens) and _key(tokens[index].text) in _PARTICLES:
        index += 1
    return index < len(tokens) and tokens[index].capitalised


def _initials_agree(mine: list[str], theirs: list[str]) -> bool:
    """ "s" and "subrahmanyam"; [] and anything: given names that do not contradict."""
    if not mine or not theirs:
        return True
    return all(a[0] == b[0] for a, b in zip(mine, theirs, strict=False))
