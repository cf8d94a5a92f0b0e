"""First pass over a sentence: people named in full, found by what surrounds the name.

A title before it ("Foreign Minister Wang Yi", "Minister of Industry and Trade Nguyễn Hồng
Diên") or after it ("Wang Wentao, Minister of Commerce of …"), an honorific ("H.E.",
"Shri", "Dr."), "counterpart", or a list ("the two foreign ministers, A and B"); with the
title and country written next to the name. Honorifics stay out of the name.
"""

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass

from .names import BODIES, HEADS, NOT_NAMES, PARTICLES, TITLES, Person, PersonMention, name_key
from .places import Gazetteer

_PORTFOLIO = frozenset(w.lower() for w in TITLES["portfolio_words"])
_HONORIFIC = re.compile(
    "(?:"
    + "|".join(re.escape(h) for h in sorted(TITLES["honorifics"], key=len, reverse=True))
    + r")(?![^\W\d_])"
)
# Capitalised words that start no name.
_MONTHS_DAYS = frozenset(
    name.lower() for name in [*calendar.month_name, *calendar.day_name] if name
)
_TOKEN = re.compile(r"[^\s,;:()\"“”]+|[,;:()\"“”]")
# Titles written before a name like an honorific, after another title:
# "Foreign Minister Senator Mohammad Ishaq Dar", "Saudi Foreign Minister Prince Faisal".
_STYLES = frozenset(
    ["senator", "prince", "princess", "sheikh", "sheikha", "sayyid", "general", "admiral"]
)
_MODIFIERS = frozenset(name_key(m) for m in TITLES["modifiers"])


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
        self.key = name_key(self.word)
        self.capitalised = self.text.lstrip("ʻ‘'")[:1].isupper()  # "ʻUtoikamanu"


class NameFinder:
    """Finds the people a sentence names in full; `person` makes (or finds) the person a
    name, title and country are, or None when the name is no person's."""

    def __init__(
        self, gazetteer: Gazetteer, person: Callable[[str, str, str | None], Person | None]
    ) -> None:
        self.gazetteer = gazetteer
        self._person = person

    def named(self, text: str) -> list[PersonMention]:
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
        if index >= len(tokens):  # a text ending at a comma: ", " and no title after it
            return index
        if tokens[index].key not in HEADS and tokens[index].key not in _MODIFIERS:
            return index
        while end < len(tokens):
            words = [t.key for t in tokens[end : end + 6]]
            head = next((h for h in HEADS.get(words[0], []) if tuple(words[: len(h)]) == h), None)
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
                word in _PORTFOLIO or name_key(token.text) in _PORTFOLIO
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
            if word in PARTICLES and not token.capitalised and _particles_then_name(tokens, end):
                end += 1  # "Ursula von der Leyen", "Thani bin Ahmed"
                continue
            if re.match(r"(?:al|el|bin|ibn|ben)-[A-Z]", token.text) or (
                token.capitalised
                and (word not in NOT_NAMES or (word == "an" and end > index))
                and word not in _MONTHS_DAYS
                and not (HEADS.get(word) or (word in HEADS and end > index))
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
            if tokens[end].key in BODIES and tokens[end + 1].text == ",":
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


def _particles_then_name(tokens: list[_Token], index: int) -> bool:
    while index < len(tokens) and name_key(tokens[index].text) in PARTICLES:
        index += 1
    return index < len(tokens) and tokens[index].capitalised
