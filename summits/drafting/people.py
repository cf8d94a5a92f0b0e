"""People a report names: who they are, their title and country, and every later mention.

A name is recognised by what surrounds it, as an analyst reads it: a title before it
("Foreign Minister Wang Yi", "Minister of Industry and Trade Nguyễn Hồng Diên") or after
it ("Wang Wentao, Minister of Commerce of …"), an honorific ("H.E.", "Shri", "Dr."), or
"counterpart". Honorifics stay out of the name. Later mentions by surname or given name
("Kim", "Minister Diên"), by title alone ("EAM", "the High Representative") or by a
short form ("S Jaishankar" for "Dr. S. Jaishankar") resolve to the same person.
"""

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz, process

from .places import Gazetteer
from .text import Sentence

DATA = Path(__file__).resolve().parent.parent / "data"
_TITLES = json.loads((DATA / "titles.json").read_text(encoding="utf-8"))
_PORTFOLIO = frozenset(w.lower() for w in _TITLES["portfolio_words"])
_PAST = frozenset(w.lower() for w in _TITLES["past_markers"])
_HONORIFIC = re.compile(
    "(?:"
    + "|".join(re.escape(h) for h in sorted(_TITLES["honorifics"], key=len, reverse=True))
    + r")(?![^\W\d_])"
)
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


@functools.lru_cache(maxsize=65536)  # the same words come back all the time
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
    word: str = ""  # without a full stop or a possessive: "Modi's" → "Modi"
    key: str = ""  # the word compared: "modi"
    capitalised: bool = False

    def __post_init__(self) -> None:
        self.word = self.text.rstrip(".").removesuffix("’s").removesuffix("'s")
        self.key = _key(self.word)
        self.capitalised = self.text.lstrip("ʻ‘'")[:1].isupper()  # "ʻUtoikamanu"


class PeopleReader:
    def __init__(self, gazetteer: Gazetteer, recorded: list[dict]) -> None:
        self.gazetteer = gazetteer
        self.recorded = recorded  # {"slug", "name", "variants", "title", "country"}
        self.recorded_by_key = {_key(v): r for r in recorded for v in r["variants"]}
        self.recorded_choices = list(self.recorded_by_key)
        self.recorded_by_last: dict[str, list[tuple[list[str], dict]]] = {}
        for variant, record in self.recorded_by_key.items():
            words = variant.split()
            if words:
                self.recorded_by_last.setdefault(words[-1], []).append((words, record))
        self.people: list[Person] = []
        self._by_short: dict[str, list[Person]] = {}
        self._by_head: dict[str, list[Person]] = {}
        self._head_starts: set[str] = set()
        self.by_name: dict[str, Person] = {}
        self.by_token: dict[str, list[Person]] = {}

    # First pass: full names, each with the title and country written next to it --------

    def read(self, sentences: list[Sentence]) -> dict[int, list[PersonMention]]:
        found: dict[int, list[PersonMention]] = {}
        introduced: dict[int, list[Person]] = {}  # sentence → the people it names first
        seen: set[int] = set()
        for sentence in sentences:
            found[sentence.index] = self._named(sentence.text)
            for mention in found[sentence.index]:
                if id(mention.person) not in seen:
                    seen.add(id(mention.person))
                    introduced.setdefault(sentence.index, []).append(mention.person)
        # Later mentions resolve only to people named before them, so the lookups grow
        # sentence by sentence instead of being rebuilt: linear in the report.
        for sentence in sentences:
            for person in introduced.get(sentence.index, []):
                self._know(person)
            taken = [(m.start, m.end) for m in found[sentence.index]]
            found[sentence.index] += self._referred(sentence.text, taken)
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
        word = tokens[index].key
        if not re.fullmatch(
            r"(?:foreign |prime |trade |defence )?(?:ministers|leaders|co-chairs)", word
        ):
            if not (word in ("foreign", "prime", "trade", "defence") and index + 1 < len(tokens)):
                return None
            if not re.fullmatch(r"ministers|secretaries", tokens[index + 1].key):
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
        if tokens[index].key not in _HEADS and tokens[index].key not in _MODIFIERS:
            return index
        while end < len(tokens):
            words = [t.key for t in tokens[end : end + 6]]
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
            word = token.key
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
        # Never end on a connector: "…, Ana Silva" (the comma is the name's), "…, on the".
        while position > end and (
            tokens[position - 1].text in ("and", ",", "&", "on", "in")
            or (
                tokens[position - 1].text == "the"
                and tokens[position - 2].text in ("on", "in", ",")
            )
        ):
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
            word = token.key
            if re.fullmatch(r"[A-Z]\.?", token.text) and end + 1 < len(tokens):
                end += 1  # an initial: "N. Chandrababu Naidu", "S Jaishankar"
                continue
            if word in _PARTICLES and not token.capitalised and _particles_then_name(tokens, end):
                end += 1  # "Ursula von der Leyen", "Thani bin Ahmed"
                continue
            if re.match(r"(?:al|el|bin|ibn|ben)-[A-Z]", token.text) or (
                token.capitalised
                and (word not in _NOT_NAMES or (word == "an" and end > index))
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
            and tokens[position].key in _STYLES
            and tokens[position + 1].capitalised
        ):
            position += 1
        if not tokens[index].capitalised and not comma:
            return None  # "the minister continues": a lower-case title names nobody after it
        name_end = self._name_at(tokens, position, titled=True)
        body_end = self._body_end(tokens, position)
        if body_end:
            name_end = body_end
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

    def _body_end(self, tokens, position) -> int | None:
        """ "of the Dakhla-Oued Eddahab Regional Council, Al Khattat Yanja": where a body's
        name ends, when capitalised words run into one before a comma."""
        for end in range(position, min(position + 7, len(tokens) - 1)):
            if not tokens[end].capitalised and tokens[end].text not in ("of", "for", "and"):
                return None
            if tokens[end].key in _BODIES and tokens[end + 1].text == ",":
                return end
        return None

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
        if tokens[index].key != "counterpart":
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
        for _ in range(3):  # "H.E. Dr. …"; never a whole run of them
            if position >= len(tokens):
                break
            honorific = _HONORIFIC.match(text, tokens[position].start)
            if not honorific:
                break
            while position < len(tokens) and tokens[position].start < honorific.end():
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
            self._index(person)
        elif len(name.split()) > len(person.name.split()) and not person.slug:
            person.name = name  # "Merz", then "Friedrich Merz"
            self._index(person)
        if title and not person.title:
            person.title = title
        if title:
            person.heads.add(_key(title))
            for part in re.split(r"\band\b|,", title):
                # Each title they hold, to know them by it later: "High Representative".
                if any(_HEADS.get(_key(word)) for word in part.split()):
                    person.heads.update({_key(part), _key(re.split(r" of | for ", part)[0])})
        if country and not person.country:
            person.country = country
        return person

    def _same_as(self, name: str) -> Person | None:
        """The person already read whom this name names: the same name, or a short form."""
        words = _words(name)
        if not words:
            return None
        if " ".join(words) in self.by_name:
            return self.by_name[" ".join(words)]
        # "Merz" and "Friedrich Merz"; "S Jaishankar" and "Dr. S. Jaishankar".
        for person in self.by_token.get(words[-1], []) + self.by_token.get(words[0], []):
            theirs = _words(person.name)
            if len(words) == 1 and len(words[0]) > 1 and words[0] in (theirs[0], theirs[-1]):
                return person
            if len(theirs) == 1 and theirs[0] in (words[0], words[-1]):
                return person
            if words[-1] == theirs[-1] and _initials_agree(words[:-1], theirs[:-1]):
                return person
        return None

    def _index(self, person: Person) -> None:
        words = _words(person.name)
        self.by_name[" ".join(words)] = person
        for word in {words[0], words[-1]} if words else ():
            self.by_token.setdefault(word, []).append(person)

    def _recorded(self, person: Person) -> None:
        """Link a new person to a recorded one with the same name or a short form of it."""
        words = _key(person.name).split()
        exact = self.recorded_by_key.get(" ".join(words))
        if exact is None and words:
            exact = next(
                (
                    record
                    for variant, record in self.recorded_by_last.get(words[-1], [])
                    if _initials_agree(words[:-1], variant[:-1])
                ),
                None,
            )
        if exact:
            person.slug, person.name = exact["slug"], exact["name"]
            person.title = person.title or exact["title"]
            person.country = person.country or exact["country"]

    def candidates(self, person: Person) -> list[dict]:
        """Recorded people a new person may be, for the reviewer: close spellings, by
        rapidfuzz. Asked only for the people a draft records, not for every name read."""
        close = process.extract(
            _key(person.name), self.recorded_choices, scorer=fuzz.WRatio, limit=3, score_cutoff=88
        )
        found = {}
        for variant, *_ in close:
            record = self.recorded_by_key[variant]
            found[record["slug"]] = {"slug": record["slug"], "name": record["name"]}
        return list(found.values())

    # Second pass: later mentions by one name or by title alone --------------------------

    def _know(self, person: Person) -> None:
        """Index a person's short names and titles, once they have been named."""
        tokens = [_key(t) for t in person.tokens]
        for token in {tokens[0], tokens[-1]} if tokens else ():
            if len(token) > 1 and token not in _NOT_NAMES - {"he"}:
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

    def _referred(self, text: str, taken: list[tuple[int, int]]) -> list[PersonMention]:
        """Later mentions of people already named: by one of their names (if no one else
        named has it), or by a title that only one of them holds."""
        found: list[PersonMention] = []
        for match in re.finditer(r"(?<![\w’'-])([A-ZÀ-ÞĀ-ỹ][\w’'-]*)", text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            word = match.group(1).removesuffix("’s").removesuffix("'s")
            people = self._by_short.get(_key(word), [])
            if len(people) != 1:
                continue
            before = text[max(0, match.start() - 40) : match.start()].rstrip()
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
                start += max(0, match.start() - 40)
            found.append(PersonMention(start, match.start() + len(word), people[0], reference=True))
            taken.append((match.start(), match.end()))
        words = [(m.start(), m.end(), _key(m.group(0))) for m in re.finditer(r"[\w.'’-]+", text)]
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


def _words(name: str) -> list[str]:
    return [w for w in _key(name).split() if w not in _PARTICLES]


def _particles_then_name(tokens: list[_Token], index: int) -> bool:
    while index < len(tokens) and _key(tokens[index].text) in _PARTICLES:
        index += 1
    return index < len(tokens) and tokens[index].capitalised


def _initials_agree(mine: list[str], theirs: list[str]) -> bool:
    """ "s" and "subrahmanyam"; [] and anything: given names that do not contradict."""
    if not mine or not theirs:
        return True
    return all(a[0] == b[0] for a, b in zip(mine, theirs, strict=False))
