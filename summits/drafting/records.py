"""The draft's records, and those every other record refers to.

Every record carries a "draft" note for the reviewer: the sentence it was read from, its
spans in the stored text, what to check, and the recorded records it may be. The source,
countries, places and people are drafted once each and then referred to by slug; those
already recorded are referred to, never drafted again.
"""

import datetime as dt
import re

from anyascii import anyascii
from django.utils import timezone

from ..models import Source
from .acronyms import acronyms_in
from .bodies import bodies_in
from .names import Person
from .people import PeopleReader
from .places import City, Mention, gazetteer
from .recorded import Recorded, ascii_slug
from .sectors import sectors_in
from .text import Report, Sentence, publisher_of, report_read

_MINISTRY = re.compile(r"\b(?:Ministry|Department|Government|Office|Council|Agency|Commission)\b")


class Draft:
    """A report being drafted: what was read of it, and the records drafted so far."""

    def __init__(
        self,
        text: str,
        publisher: str | None,
        published: dt.date | None,
        source_url: str,
        title: str | None,
    ) -> None:
        self.report: Report = report_read(text)
        # A body's name says what it covers, not what was discussed (see `sectors`).
        self.acronyms = {
            short: long
            for short, long in acronyms_in(" ".join(s.text for s in self.report.sentences)).items()
            if not bodies_in(long)
        }
        self.recorded = Recorded()
        self.places = gazetteer()
        self.notes_on_source: list[str] = []
        if published is None and self.report.published is None:
            self.notes_on_source.append("no date line found: publication date set to today")
        self.today = published or self.report.published or timezone.localdate()
        self.given_date = published is not None
        found_publisher = publisher_of(self.report)
        if not publisher and not found_publisher:
            self.notes_on_source.append("publisher not named in the text: give it")
        self.publisher = (publisher or found_publisher or "Unknown publisher")[:200]
        self.records: list[dict] = []
        self.cited: set[tuple] = set()
        self.countries_used: dict[str, list[Sentence]] = {}  # ISO → where it came up
        self.place_slugs: dict[City, str] = {}
        self.person_slugs: dict[int, str] = {}
        self.organisation_slugs: dict[tuple[str, str | None], str] = {}  # (name, country)
        self.people = PeopleReader(self.places, self.recorded.people)
        self.source = self._source(title, source_url)

    # Output -------------------------------------------------------------------------

    def add(
        self,
        model: str,
        fields: dict,
        sentences: list[Sentence],
        review: str = "",
        candidates: list[dict] | None = None,
    ) -> None:
        if model.endswith(("citation", "evidence")):
            # One citation per record and source: the first sentence that supports it.
            cited = (model, *(str(v) for k, v in fields.items() if k != "quote"))
            if cited in self.cited:
                return
            self.cited.add(cited)
        draft: dict = {}
        if sentences:
            draft["sentence"] = sentences[0].text
            draft["spans"] = [[s.start, s.end] for s in sentences]
        if review:
            draft["review"] = review
        if candidates:
            draft["candidates"] = candidates
        self.records.append({"model": f"summits.{model}", "fields": fields, "draft": draft})

    def cite(self, model: str, target: str, key_value: list, sentences: list[Sentence]) -> None:
        quote = " ".join(s.text for s in sentences)[:2000]
        fields = {target: key_value, "source": [self.source], "quote": quote}
        self.add(model, fields, sentences)

    def _source(self, title: str | None, url: str) -> str:
        sentences = self.report.sentences
        first = sentences[0].text if sentences else "Untitled report"
        title = " ".join((title or first).split())[:300]
        words = ascii_slug(title).split("-")
        while len("-".join(words)) > 60 and len(words) > 1:
            words.pop()
        # Date, publisher, the title's first words, as in fixtures/reports/. Not made unique:
        # the same report drafted again keeps its slug, so importing it changes nothing.
        slug = f"{self.today.isoformat()}-{ascii_slug(self.publisher)[:20]}-{'-'.join(words)}"
        slug = slug[:120].strip("-")
        kind = Source.Kind.NEWS_REPORT
        if re.search(r"joint statement|joint declaration", title, re.IGNORECASE):
            kind = Source.Kind.JOINT_STATEMENT
        elif _MINISTRY.search(self.publisher):
            kind = Source.Kind.PRESS_RELEASE
        fields = {
            "slug": slug,
            "title": title,
            "publisher": self.publisher,
            "published_on": self.today.isoformat(),
            "url": url,
            "kind": kind,
            "text": self.report.text,
        }
        review = "; ".join(["check title, publisher and date", *self.notes_on_source])
        self.add("source", fields, sentences[:1], review)
        return slug

    # Places, people, countries ----------------------------------------------------------

    def country(self, iso: str | None, sentences: list[Sentence]) -> None:
        if iso:
            self.countries_used.setdefault(iso, sentences[:1])

    def place(self, mention: Mention | None, sentences: list[Sentence]) -> str | None:
        if mention is None or mention.city is None:
            return None
        city = mention.city
        if city in self.place_slugs:
            return self.place_slugs[city]
        name = city.name
        written = mention.text.title() if mention.text.isupper() else mention.text
        if written.isascii() or anyascii(written).lower() in anyascii(name).lower():
            # As the report writes it: "Cebu" (GeoNames: "Cebu City"), "Khiva" ("Xiva");
            # but "Hà Nội" is Hanoi.
            name = written
        slug = self.recorded.place(name, city.country) or self.recorded.place(
            city.name, city.country
        )
        if slug is None:
            slug = self.recorded.free_slug("place", name)
            self.country(city.country, sentences)
            self.add(
                "place",
                {"slug": slug, "name": name, "country": [city.country]},
                sentences[:1],
                f"new place: {name}, {self.places.country_names.get(city.country, city.country)}",
            )
        self.place_slugs[city] = slug
        return slug

    def person(self, person: Person, sentences: list[Sentence]) -> str:
        if person.slug:
            return person.slug
        if id(person) in self.person_slugs:
            return self.person_slugs[id(person)]
        slug = self.recorded.free_slug("person", person.name)
        self.person_slugs[id(person)] = slug
        self.country(person.country, sentences)
        review = "new person: check the name, title and country"
        candidates = self.people.candidates(person)
        if candidates:
            review += "; may be someone recorded"
        fields = {
            "slug": slug,
            "name": person.name[:200],
            "aliases": "",
            "title": person.title[:300],
            "country": [person.country] if person.country else None,
        }
        self.add("person", fields, sentences[:1], review, candidates)
        return slug

    def organisation(self, name: str, owner: str | None, sentences: list[Sentence]) -> str:
        """A ministry or agency a record names (responsible for a commitment, party to an
        agreement): recorded, or drafted with its country, from "Mozambique's …", "… of
        Burkina Faso" or a name that starts with it ("Qatar Investment Authority")."""
        country = self.places.country(owner) if owner else None
        of = re.search(r".*(\s+of\s+(?:the\s+)?([A-Z][\w' -]+))$", name)
        if of and self.places.country(of.group(2)):
            country = country or self.places.country(of.group(2))
            name = name[: of.start(1)]  # "Ministry of Energy of Burkina Faso" → its name, BF
        name = re.sub(r"^The\s+", "", name)
        named = self.countries_named(name) if country is None else []
        country = country or (named[0] if len(named) == 1 else None)
        if (name, country) in self.organisation_slugs:
            return self.organisation_slugs[(name, country)]
        match = self.recorded.organisation(name, country)
        slug = match.slug
        if slug is None:
            slug = self.recorded.free_slug("organisation", f"{name} {country or ''}".strip())
            self.country(country, sentences)
            kind = "agency" if re.search(r"Agency|Service|Authority|Board", name) else "ministry"
            fields = {
                "slug": slug,
                "name": name[:200],
                "acronym": "",
                "kind": kind,
                "country": [country] if country else None,
                "parent": None,
            }
            review = "new organisation: check its name and country"
            self.add("organisation", fields, sentences[:1], review, match.candidates)
        self.organisation_slugs[(name, country)] = slug
        return slug

    def organisation_country(self, slug: str) -> str | None:
        """The country of an organisation drafted here or recorded."""
        for (_, country), drafted in self.organisation_slugs.items():
            if drafted == slug and country:
                return country
        recorded = (o for o in self.recorded.organisations if o["slug"] == slug)
        return next((o["country__iso2"] for o in recorded), None)

    def add_countries(self) -> None:
        """Countries the draft refers to that are not recorded yet, from ISO 3166."""
        missing = sorted(set(self.countries_used) - self.recorded.countries)
        records = [
            {
                "model": "summits.country",
                "fields": {"iso2": iso, "name": self.places.country_names.get(iso, iso)[:100]},
                "draft": {
                    "sentence": self.countries_used[iso][0].text,
                    "spans": [[s.start, s.end] for s in self.countries_used[iso]],
                    "review": "new country, from ISO 3166",
                },
            }
            for iso in missing
        ]
        self.records[1:1] = records  # after the source, before what refers to them

    def countries_named(self, name: str) -> list[str]:
        """ "Germany–South Africa Binational Summit" → DE, ZA."""
        countries = []
        for part in re.split(r"\s*[–-]\s*", name):
            words = part.split()
            # The longest run of words that names a country: "South Africa", "Viet Nam".
            for size in range(len(words), 0, -1):
                found = [
                    self.places.country(" ".join(words[i : i + size]))
                    for i in range(len(words) - size + 1)
                ]
                if any(found):
                    countries += [c for c in found if c]
                    break
        return list(dict.fromkeys(countries))

    def sectors(self, sentences: list[Sentence]) -> list[str]:
        """What a passage is about; a commission's name ("… on Trade, Economic, Scientific
        and Cultural Cooperation") says what it covers, not what was discussed."""
        text = " ".join(s.text for s in sentences)
        for sentence in sentences:
            for body in bodies_in(sentence.text):
                text = text.replace(body.name, " ")
        return sectors_in(text, self.recorded.sectors)
