"""People a report names: who they are, their title and country, and every later mention.

A name is recognised by what surrounds it, as an analyst reads it: a title before it
("Foreign Minister Wang Yi", "Minister of Industry and Trade Nguyễn Hồng Diên") or after
it ("Wang Wentao, Minister of Commerce of …"), an honorific ("H.E.", "Shri", "Dr."), or
"counterpart". Honorifics stay out of the name. Later mentions by surname or given name
("Kim", "Minister Diên"), by title alone ("EAM", "the High Representative") or by a
short form ("S Jaishankar" for "Dr. S. Jaishankar") resolve to the same person.
"""

import re

from rapidfuzz import fuzz, process

from .names import BODIES, HEADS, Person, PersonMention, initials_agree, name_key, name_words
from .places import Gazetteer
from .references import References
from .text import Sentence
from .titles import NameFinder


class PeopleReader:
    """Reads a report's people in two passes, full names (`titles`) and then later mentions
    (`references`), keeping one `Person` per person, linked to the recorded one if any."""

    def __init__(self, gazetteer: Gazetteer, recorded: list[dict]) -> None:
        self.gazetteer = gazetteer
        self.recorded = recorded  # {"slug", "name", "variants", "title", "country"}
        self.recorded_by_key = {name_key(v): r for r in recorded for v in r["variants"]}
        self.recorded_choices = list(self.recorded_by_key)
        self.recorded_by_last: dict[str, list[tuple[list[str], dict]]] = {}
        for variant, record in self.recorded_by_key.items():
            words = variant.split()
            if words:
                self.recorded_by_last.setdefault(words[-1], []).append((words, record))
        self.people: list[Person] = []
        self.by_name: dict[str, Person] = {}
        self.by_token: dict[str, list[Person]] = {}
        self._finder = NameFinder(gazetteer, self._person)
        self._references = References()

    def read(self, sentences: list[Sentence]) -> dict[int, list[PersonMention]]:
        found: dict[int, list[PersonMention]] = {}
        introduced: dict[int, list[Person]] = {}  # sentence → the people it names first
        seen: set[int] = set()
        for sentence in sentences:  # first pass: full names, with their titles and countries
            found[sentence.index] = self._finder.named(sentence.text)
            for mention in found[sentence.index]:
                if id(mention.person) not in seen:
                    seen.add(id(mention.person))
                    introduced.setdefault(sentence.index, []).append(mention.person)
        # Later mentions resolve only to people named before them, so the lookups grow
        # sentence by sentence instead of being rebuilt: linear in the report.
        for sentence in sentences:
            for person in introduced.get(sentence.index, []):
                self._references.know(person)
            taken = [(m.start, m.end) for m in found[sentence.index]]
            found[sentence.index] += self._references.referred(sentence.text, taken)
            found[sentence.index].sort(key=lambda m: m.start)
        return found

    # People: one record per person ------------------------------------------------------

    def _person(self, name: str, title: str, country: str | None) -> Person | None:
        name = " ".join(name.removesuffix("’s").removesuffix("'s").split()).rstrip(",")
        if name.endswith(".") and not re.search(r"(?:\b[A-Z]|\bJr)\.$", name):
            name = name[:-1]  # the sentence's full stop
        if not name or self.gazetteer.country(name) or self.gazetteer.city(name):
            return None
        if name_key(name.split()[-1]) in BODIES:
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
            person.heads.add(name_key(title))
            for part in re.split(r"\band\b|,", title):
                # Each title they hold, to know them by it later: "High Representative".
                if any(HEADS.get(name_key(word)) for word in part.split()):
                    person.heads.update(
                        {name_key(part), name_key(re.split(r" of | for ", part)[0])}
                    )
        if country and not person.country:
            person.country = country
        return person

    def _same_as(self, name: str) -> Person | None:
        """The person already read whom this name names: the same name, or a short form."""
        words = name_words(name)
        if not words:
            return None
        if " ".join(words) in self.by_name:
            return self.by_name[" ".join(words)]
        # "Merz" and "Friedrich Merz"; "S Jaishankar" and "Dr. S. Jaishankar".
        for person in self.by_token.get(words[-1], []) + self.by_token.get(words[0], []):
            theirs = name_words(person.name)
            if len(words) == 1 and len(words[0]) > 1 and words[0] in (theirs[0], theirs[-1]):
                return person
            if len(theirs) == 1 and theirs[0] in (words[0], words[-1]):
                return person
            if words[-1] == theirs[-1] and initials_agree(words[:-1], theirs[:-1]):
                return person
        return None

    def _index(self, person: Person) -> None:
        words = name_words(person.name)
        self.by_name[" ".join(words)] = person
        for word in {words[0], words[-1]} if words else ():
            self.by_token.setdefault(word, []).append(person)

    def _recorded(self, person: Person) -> None:
        """Link a new person to a recorded one with the same name or a short form of it."""
        words = name_key(person.name).split()
        exact = self.recorded_by_key.get(" ".join(words))
        if exact is None and words:
            exact = next(
                (
                    record
                    for variant, record in self.recorded_by_last.get(words[-1], [])
                    if initials_agree(words[:-1], variant[:-1])
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
            name_key(person.name),
            self.recorded_choices,
            scorer=fuzz.WRatio,
            limit=3,
            score_cutoff=88,
        )
        found = {}
        for variant, *_ in close:
            record = self.recorded_by_key[variant]
            found[record["slug"]] = {"slug": record["slug"], "name": record["name"]}
        return list(found.values())
