"""Synthetic tracker data at the size of a ministry's archive, for benchmarks and load tests.

Deterministic: the same seed, sizes and last day give the same records. Several summit
series between different pairs of countries, each with its summits, a commission and
its working groups holding numbered sessions, officials, ministries, meetings with
participants, action items with a history of status updates, and a source behind every
summit, meeting, item and final status.

Rows are written with `bulk_create` in batches, in one transaction: fast, but without
signals, so no history entries are recorded (the data has no past to audit) and the
items' status and last-update day are set at the end, by the one rule that keeps them
everywhere (`services.action_items_status_refresh`).
"""

import bisect
import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.text import slugify

from .caching import records_changed
from .fuzzydates import FuzzyDate, Precision
from .models import (
    FINAL_STATUSES,
    ActionItem,
    ActionItemCitation,
    Commission,
    Country,
    Meeting,
    MeetingCitation,
    Organisation,
    Participation,
    Person,
    Place,
    Sector,
    Source,
    Status,
    StatusUpdate,
    StatusUpdateEvidence,
    Summit,
    SummitCitation,
    SummitSeries,
    record_models,
)
from .services import action_items_status_refresh

# Rows per INSERT statement.
BATCH_SIZE = 1000
# Action items (with their updates) built in memory before they are written.
CHUNK_ITEMS = 5000
# How far back the archive reaches from its last day.
YEARS = 15
# The default last day: fixed, so that a seed alone decides the data.
DEFAULT_UNTIL = dt.date(2026, 11, 1)


@dataclass(frozen=True)
class Sizes:
    items: int = 100_000
    summits: int = 120  # over all series
    meetings: int = 10_000
    people: int = 2_000
    updates_per_item: int = 10  # on average; an item has 0 to twice as many


@dataclass(frozen=True)
class SeriesSpec:
    slug: str
    name: str
    countries: tuple[str, str]
    commission: str
    acronym: str


SERIES = (
    SeriesSpec(
        "india-russia-annual-summit",
        "India–Russia Annual Summit",
        ("IN", "RU"),
        "India–Russia Inter-Governmental Commission on Trade, Economic, Scientific, "
        "Technical and Cultural Cooperation",
        "IRIGC-TEC",
    ),
    SeriesSpec(
        "india-japan-annual-summit",
        "India–Japan Annual Summit",
        ("IN", "JP"),
        "India–Japan Joint Commission",
        "IJJC",
    ),
    SeriesSpec(
        "china-russia-summit",
        "China–Russia Summit",
        ("CN", "RU"),
        "China–Russia Intergovernmental Commission on Investment Cooperation",
        "CRICIC",
    ),
    SeriesSpec(
        "franco-german-council-of-ministers",
        "Franco-German Council of Ministers",
        ("FR", "DE"),
        "Franco-German Economic and Financial Council",
        "FGEFC",
    ),
    SeriesSpec(
        "us-japan-summit",
        "United States–Japan Summit",
        ("US", "JP"),
        "US–Japan Economic Policy Consultative Committee",
        "EPCC",
    ),
    SeriesSpec(
        "india-uae-summit",
        "India–UAE Summit",
        ("IN", "AE"),
        "India–UAE Joint Commission Meeting",
        "IUJCM",
    ),
    SeriesSpec(
        "russia-turkey-high-level-cooperation-council",
        "Russia–Turkey High-Level Cooperation Council",
        ("RU", "TR"),
        "Russia–Turkey Joint Intergovernmental Commission",
        "RTJIC",
    ),
    SeriesSpec(
        "japan-korea-summit",
        "Japan–Republic of Korea Summit",
        ("JP", "KR"),
        "Japan–Korea Joint Committee on Economic Cooperation",
        "JKJCEC",
    ),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(";"))


CITIES = {
    "AE": _words("Abu Dhabi; Dubai; Sharjah"),
    "CN": _words("Beijing; Shanghai; Harbin; Tianjin"),
    "DE": _words("Berlin; Hamburg; Munich; Bonn"),
    "FR": _words("Paris; Lyon; Marseille; Toulouse"),
    "IN": _words("New Delhi; Mumbai; Bengaluru; Chennai"),
    "JP": _words("Tokyo; Osaka; Kyoto; Hiroshima"),
    "KR": _words("Seoul; Busan; Incheon; Jeju"),
    "RU": _words("Moscow; Saint Petersburg; Vladivostok; Kazan"),
    "TR": _words("Ankara; Istanbul; Izmir; Antalya"),
    "US": _words("Washington; New York; San Francisco; Chicago"),
}

# Per country: first names, then surnames.
NAMES = {
    "AE": (
        _words("Abdullah; Mohammed; Khalid; Sara; Noura; Omar"),
        _words("Al Nahyan; Al Zeyoudi; Al Marri; Al Hashimy; Al Suwaidi; Bin Rashid"),
    ),
    "CN": (_words("Wei; Li; Jing; Hua; Ming; Yan"), _words("Wang; Zhang; Liu; Chen; Yang; Zhao")),
    "DE": (
        _words("Anna; Lukas; Katrin; Jonas; Petra; Stefan"),
        _words("Müller; Schmidt; Schneider; Fischer; Weber; Becker"),
    ),
    "FR": (
        _words("Camille; Julien; Claire; Antoine; Sophie; Louis"),
        _words("Martin; Bernard; Dubois; Laurent; Moreau; Lefèvre"),
    ),
    "IN": (
        _words("Anil; Priya; Rajesh; Sunita; Vikram; Meera"),
        _words("Sharma; Iyer; Reddy; Menon; Gupta; Singh"),
    ),
    "JP": (
        _words("Hiroshi; Yuko; Takeshi; Akiko; Kenji; Naomi"),
        _words("Sato; Suzuki; Takahashi; Tanaka; Watanabe; Ito"),
    ),
    "KR": (
        _words("Min-jun; Seo-yeon; Ji-ho; Hye-jin; Dong-hyun; Eun-ji"),
        _words("Kim; Lee; Park; Choi; Jung; Kang"),
    ),
    "RU": (
        _words("Sergei; Elena; Dmitry; Olga; Andrei; Natalia"),
        _words("Ivanov; Smirnov; Kuznetsov; Popova; Volkov; Sokolova"),
    ),
    "TR": (
        _words("Mehmet; Ayşe; Mustafa; Elif; Emre; Zeynep"),
        _words("Yılmaz; Kaya; Demir; Şahin; Çelik; Öztürk"),
    ),
    "US": (
        _words("James; Mary; Robert; Linda; Michael; Susan"),
        _words("Smith; Johnson; Brown; Miller; Davis; Wilson"),
    ),
}

NEWS_PUBLISHERS = _words(
    "ANI; TASS; Press Trust of India; Kyodo News; Xinhua; Reuters; Agence France-Presse; "
    "Yonhap; Anadolu Agency; WAM; Nikkei Asia; Deutsche Welle"
)

# What commitments are about, per sector: "<verb> <object>".
OBJECTS = {
    "trade": _words(
        "a bilateral trade target of USD 100 billion; the removal of non-tariff barriers on "
        "farm exports; a free trade agreement; trade settlement in national currencies"
    ),
    "investment": _words(
        "a bilateral investment treaty; a joint investment fund; a fast-track channel for investors"
    ),
    "finance": _words(
        "links between the national payment systems; a currency swap arrangement; "
        "cooperation between the central banks"
    ),
    "energy": _words(
        "long-term supplies of crude oil; a civil nuclear power project; a liquefied natural "
        "gas terminal; a renewable energy partnership"
    ),
    "industry": _words(
        "joint manufacturing of pharmaceutical ingredients; an industrial corridor; "
        "cooperation on rare earth processing"
    ),
    "maritime": _words(
        "a shipbuilding partnership; the Chennai–Vladivostok maritime corridor; "
        "training of seafarers for polar waters"
    ),
    "defence": _words(
        "joint production of spare parts; a logistics support agreement; joint naval exercises"
    ),
    "security": _words(
        "a dialogue on counter-terrorism; cooperation on cyber security; "
        "an agreement on classified information"
    ),
    "science-technology": _words(
        "a joint research programme on quantum computing; a science and technology roadmap; "
        "cooperation on semiconductors"
    ),
    "space": _words(
        "cooperation on human spaceflight; a satellite navigation agreement; "
        "a joint lunar mission study"
    ),
    "health": _words(
        "mutual recognition of medical degrees; a vaccine research partnership; "
        "cooperation on traditional medicine"
    ),
    "agriculture": _words(
        "exports of fertilisers; phytosanitary protocols for fruit; a food security dialogue"
    ),
    "connectivity": _words(
        "the International North–South Transport Corridor; direct flights between the "
        "capitals; a high-speed rail link"
    ),
    "culture": _words(
        "a festival of culture; a programme of film co-productions; "
        "the restoration of heritage sites"
    ),
    "tourism": _words(
        "a year of tourism; group visa-free tourist exchanges; tourism promotion offices"
    ),
    "education": _words(
        "scholarships for students; mutual recognition of diplomas; branch campuses of universities"
    ),
    "consular": _words(
        "a new consulate general; simplified visa procedures; "
        "an agreement on the transfer of sentenced persons"
    ),
    "people-to-people": _words(
        "a youth exchange programme; a forum of regional governors; a sister cities network"
    ),
}
VERBS = _words(
    "Conclude negotiations on; Work towards; Review progress on; Sign a memorandum on; "
    "Set up a task force on; Finalise arrangements for; Prepare a roadmap for"
)

# How an item's status moves from one update to the next (both ways, as in real life).
TRANSITIONS = {
    Status.NOT_STARTED: {"not_started": 30, "in_progress": 60, "stalled": 10},
    Status.IN_PROGRESS: {
        "in_progress": 70,
        "stalled": 12,
        "partially_fulfilled": 12,
        "fulfilled": 4,
        "not_fulfilled": 1,
        "withdrawn": 1,
    },
    Status.STALLED: {"stalled": 50, "in_progress": 42, "not_fulfilled": 4, "withdrawn": 4},
    Status.PARTIALLY_FULFILLED: {
        "partially_fulfilled": 55,
        "in_progress": 30,
        "fulfilled": 12,
        "not_fulfilled": 3,
    },
    Status.FULFILLED: {"fulfilled": 95, "partially_fulfilled": 5},
    Status.NOT_FULFILLED: {"not_fulfilled": 85, "in_progress": 15},
    Status.WITHDRAWN: {"withdrawn": 95, "in_progress": 5},
}
# The same as (next statuses, weights), the arguments random.choices takes.
_NEXT = {
    status: (tuple(weights), tuple(weights.values())) for status, weights in TRANSITIONS.items()
}
NOTES = {
    Status.NOT_STARTED: ("No action reported yet.", "Officials say talks have not begun."),
    Status.IN_PROGRESS: (
        "Officials report work under way.",
        "A joint team met to take this forward.",
        "Draft text exchanged between the ministries.",
    ),
    Status.STALLED: (
        "No progress reported since the last session.",
        "Talks paused pending approvals.",
    ),
    Status.PARTIALLY_FULFILLED: (
        "Part of the commitment delivered.",
        "First phase completed; the rest is pending.",
    ),
    Status.FULFILLED: ("Completed, as announced by both sides.", "Agreement signed and in force."),
    Status.NOT_FULFILLED: ("The deadline passed without delivery.",),
    Status.WITHDRAWN: ("Dropped by the parties and superseded by a new plan.",),
}

DUE_PRECISIONS = (list(Precision), (20, 10, 10, 10, 20, 15, 5, 10))
MEETING_PRECISIONS = (
    [
        Precision.DAY,
        Precision.EARLY_MONTH,
        Precision.MID_MONTH,
        Precision.LATE_MONTH,
        Precision.MONTH,
    ],
    (90, 2, 3, 2, 3),
)


@dataclass
class _Series:
    spec: SeriesSpec
    pk: int
    summits: list[Summit] = field(default_factory=list)
    commission: Commission | None = None
    working_groups: list[Commission] = field(default_factory=list)
    # Press reports, oldest first, and their days: evidence for status updates.
    news: list[Source] = field(default_factory=list)
    news_days: list[dt.date] = field(default_factory=list)


@dataclass
class _Item:
    item: ActionItem
    sector_ids: list[int]
    organisation_ids: list[int]
    source_id: int
    # (as of, sequence, status, note, evidence source id or None)
    updates: list[tuple[dt.date, int, str, str, int | None]]


def is_empty() -> bool:
    """True when no tracker records exist besides the reference countries and sectors."""
    return not any(
        model.objects.exists() for model in record_models() if model not in (Country, Sector)
    )


def synthetic_generate(
    *,
    sizes: Sizes,
    seed: int,
    until: dt.date = DEFAULT_UNTIL,
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Fill an empty tracker database; return how many rows each model received."""
    with _large_sqlite_cache(), transaction.atomic():
        counts = _Generator(sizes, seed, until, progress).run()
    records_changed()  # bulk inserts send no signals
    # Fresh statistics, so the query planner knows the tables' new sizes; on PostgreSQL
    # VACUUM also marks the new rows visible to all, which lets counts read an index
    # alone (what autovacuum would do some minutes later). VACUUM cannot run inside a
    # caller's transaction (a test's, say); ANALYZE alone then.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return counts


@contextmanager
def _large_sqlite_cache() -> Iterator[None]:
    """A 256 MB page cache on SQLite while writing, then the connection's own again.

    The indexes of a million-row table outgrow the default 2 MB cache; pages spilled to
    disk in the middle of the transaction make the whole run half as fast again.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class _Generator:
    def __init__(
        self, sizes: Sizes, seed: int, until: dt.date, progress: Callable[[str], None]
    ) -> None:
        self.sizes, self.until, self.progress = sizes, until, progress
        self.rng = random.Random(seed)
        self.first_day = dt.date(until.year - YEARS, 1, 1)
        self.counts: Counter[str] = Counter()
        self.countries = {c.iso2: c for c in Country.objects.filter(iso2__in=CITIES)}
        self.sectors = list(Sector.objects.order_by("slug"))
        missing = set(CITIES) - set(self.countries)
        if missing or not self.sectors:
            raise ValueError(
                f"reference data missing (countries {sorted(missing)} or sectors): "
                "run `manage.py migrate` first"
            )

    def insert(self, objects: Sequence[models.Model]) -> Sequence[models.Model]:
        if objects:
            type(objects[0]).objects.bulk_create(objects, batch_size=BATCH_SIZE)
            self.counts[type(objects[0])._meta.label] += len(objects)
        return objects

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def run(self) -> dict[str, int]:
        self.places()
        self.organisations()
        self.people()
        self.series()
        self.commissions()
        self.news()
        self.progress("reference records written; meetings next")
        self.meetings()
        self.progress(f"{len(self.meeting_rows)} meetings written; action items next")
        self.items()
        return dict(self.counts)

    # Who and where ---------------------------------------------------------------------

    def places(self) -> None:
        self.places_by_country = {
            iso2: self.insert(
                [
                    Place(slug=slugify(city), name=city, country=self.countries[iso2])
                    for city in cities
                ]
            )
            for iso2, cities in CITIES.items()
        }

    def organisations(self) -> None:
        self.ministries: dict[tuple[str, str], Organisation] = {}
        self.foreign_ministry: dict[str, Organisation] = {}
        for iso2, country in self.countries.items():
            government = Organisation(
                slug=f"government-of-{slugify(country.name)}",
                name=f"Government of {country.name}",
                kind=Organisation.Kind.GOVERNMENT,
                country=country,
            )
            self.insert([government])
            foreign = Organisation(
                slug=f"foreign-affairs-{iso2.lower()}",
                name=f"Ministry of Foreign Affairs of {country.name}",
                acronym=f"MFA {iso2}",
                kind=Organisation.Kind.MINISTRY,
                country=country,
                parent=government,
            )
            ministries = [
                Organisation(
                    slug=f"{sector.slug}-ministry-{iso2.lower()}",
                    name=f"Ministry of {sector.name} of {country.name}",
                    kind=Organisation.Kind.MINISTRY,
                    country=country,
                    parent=government,
                )
                for sector in self.sectors
            ]
            self.insert([foreign, *ministries])
            self.foreign_ministry[iso2] = foreign
            for sector, ministry in zip(self.sectors, ministries, strict=True):
                self.ministries[iso2, sector.slug] = ministry

    def people(self) -> None:
        """Officials of every country, each in a ministry of their country."""
        self.people_by_country: dict[str, list[Person]] = {iso2: [] for iso2 in CITIES}
        seen: Counter[str] = Counter()
        people = []
        isos = sorted(CITIES)
        for index in range(self.sizes.people):
            iso2 = isos[index % len(isos)]
            first_names, surnames = NAMES[iso2]
            name = f"{self.rng.choice(first_names)} {self.rng.choice(surnames)}"
            base = slugify(name)
            seen[base] += 1
            sector = self.rng.choice(self.sectors)
            ministry = self.ministries[iso2, sector.slug]
            person = Person(
                slug=base if seen[base] == 1 else f"{base}-{seen[base]}",
                name=name,
                title=self.rng.choice(
                    [f"Minister of {sector.name}", f"Secretary, {ministry.name}", "Ambassador"]
                ),
                country=self.countries[iso2],
                organisation=ministry,
            )
            people.append(person)
            self.people_by_country[iso2].append(person)
        self.insert(people)

    # Summits and commissions -----------------------------------------------------------

    def series(self) -> None:
        self.series_list: list[_Series] = []
        per_series = max(1, self.sizes.summits // len(SERIES))
        for spec in SERIES:
            series = SummitSeries(slug=spec.slug, name=spec.name)
            self.insert([series])
            self.insert(
                [
                    SummitSeries.countries.through(
                        summitseries_id=series.pk, country_id=self.countries[iso2].pk
                    )
                    for iso2 in spec.countries
                ]
            )
            self.series_list.append(_Series(spec, series.pk))
        # Yearly editions; the last ones still ahead of the archive's last day.
        citations = []
        for series in self.series_list:
            for number in range(1, per_series + 1):
                year = self.until.year - per_series + 1 + number
                host = self.rng.choice(self.places_by_country[series.spec.countries[number % 2]])
                day = self.day(dt.date(year, 1, 1), dt.date(year, 12, 31))
                if day <= self.until:
                    status = self.rng.choices(
                        [Summit.Status.HELD, Summit.Status.POSTPONED, Summit.Status.CANCELLED],
                        (90, 6, 4),
                    )[0]
                    precision = Precision.DAY
                else:
                    status = self.rng.choice([Summit.Status.SCHEDULED, Summit.Status.ANTICIPATED])
                    precision = (
                        self.rng.choice(
                            [Precision.DAY, Precision.EARLY_MONTH, Precision.LATE_MONTH]
                        )
                        if status == Summit.Status.SCHEDULED
                        else self.rng.choice([Precision.MONTH, Precision.QUARTER, Precision.YEAR])
                    )
                date = FuzzyDate(day, precision)
                series.summits.append(
                    Summit(
                        series_id=series.pk,
                        number=number,
                        host_place=host,
                        date_start=date.start,
                        date_precision=date.precision,
                        status=status,
                        notes=f"The {number} {series.spec.name} in {host.name}, {date}.",
                    )
                )
            self.insert(series.summits)
            for summit in series.summits:
                source = self.source(
                    f"{series.spec.slug}-{summit.number}",
                    f"Joint statement of the {series.spec.name} ({summit.number})",
                    self.foreign_ministry[series.spec.countries[0]].name,
                    min(summit.date_start, self.until),
                    Source.Kind.JOINT_STATEMENT,
                )
                citations.append(SummitCitation(summit=summit, source=source))
        self.insert(citations)

    def commissions(self) -> None:
        """Each series' commission and its working groups, one per sector it covers."""
        for series in self.series_list:
            spec = series.spec
            commission = Commission(
                slug=slugify(spec.acronym), name=spec.commission, acronym=spec.acronym
            )
            self.insert([commission])
            sectors = self.rng.sample(self.sectors, 6)
            groups = [
                Commission(
                    slug=f"{commission.slug}-{sector.slug}",
                    name=f"{spec.acronym} working group on {sector.name.lower()}",
                    acronym=f"{spec.acronym}/{sector.slug.upper()}",
                    parent=commission,
                )
                for sector in sectors
            ]
            self.insert(groups)
            self.insert(
                [
                    Commission.countries.through(
                        commission_id=c.pk, country_id=self.countries[iso2].pk
                    )
                    for c in [commission, *groups]
                    for iso2 in spec.countries
                ]
            )
            series.commission, series.working_groups = commission, groups

    def source(self, slug: str, title: str, publisher: str, day: dt.date, kind: str) -> Source:
        """A source, written at once: records cite it by its id."""
        source = Source(
            slug=f"{day:%Y-%m-%d}-{slug}"[:120],
            title=title,
            publisher=publisher,
            published_on=day,
            url=f"https://example.org/synthetic/{day:%Y/%m/%d}/{slug}",
            kind=kind,
        )
        return self.insert([source])[0]

    def news(self) -> None:
        """Press reports on each series' business, spread over the years: evidence."""
        per_series = max(10, self.sizes.items // 20 // len(SERIES))
        for series in self.series_list:
            days = sorted(self.day(self.first_day, self.until) for _ in range(per_series))
            names = [self.countries[iso2].name for iso2 in series.spec.countries]
            series.news = [
                Source(
                    slug=f"{day:%Y-%m-%d}-{series.spec.slug}-news-{index}",
                    title=f"{names[0]} and {names[1]} review their cooperation",
                    publisher=self.rng.choice(NEWS_PUBLISHERS),
                    published_on=day,
                    url=f"https://example.org/synthetic/news/{series.spec.slug}/{index}",
                    kind=Source.Kind.NEWS_REPORT,
                )
                for index, day in enumerate(days, start=1)
            ]
            series.news_days = days
            self.insert(series.news)

    # Meetings --------------------------------------------------------------------------

    def meetings(self) -> None:
        """A yearly session of each commission; the rest talks, working groups, calls, visits.

        With fewer meetings than sessions over the years, only the latest years' sessions.
        """
        rows: list[tuple[Meeting, _Series, list[Person], list[Sector]]] = []
        years = min(YEARS + 1, self.sizes.meetings // len(self.series_list))
        for series in self.series_list:
            for year in range(self.until.year - years + 1, self.until.year + 1):
                day = self.day(dt.date(year, 1, 1), min(dt.date(year, 12, 31), self.until))
                number = year - self.first_day.year + 1
                rows.append(self.meeting(series, Meeting.Kind.COMMISSION_SESSION, day, number))
        kinds = [
            Meeting.Kind.BILATERAL,
            Meeting.Kind.WORKING_GROUP,
            Meeting.Kind.CALL,
            Meeting.Kind.VISIT,
        ]
        for _ in range(max(0, self.sizes.meetings - len(rows))):
            series = self.rng.choice(self.series_list)
            kind = self.rng.choices(kinds, (35, 35, 18, 12))[0]
            rows.append(self.meeting(series, kind, self.day(self.first_day, self.until)))
        rows.sort(key=lambda row: row[0].date_start)
        for index, (meeting, *_) in enumerate(rows, start=1):
            meeting.slug = f"{meeting.date_start:%Y-%m-%d}-{meeting.slug}-{index}"
        self.insert([meeting for meeting, *_ in rows])

        participations, sector_links, citations = [], [], []
        self.meeting_source: dict[int, int] = {}
        for meeting, _, people, sectors in rows:
            for person in people:
                role = f"{person.title} (co-chair)" if meeting.commission_id else person.title
                participations.append(
                    Participation(meeting=meeting, person=person, role=role, side=person.country)
                )
            sector_links += [
                Meeting.sectors.through(meeting_id=meeting.pk, sector_id=sector.pk)
                for sector in sectors
            ]
            host = meeting.place.country.iso2
            source = self.source(
                meeting.slug,
                meeting.title,
                self.foreign_ministry[host].name,
                meeting.date_start,
                Source.Kind.JOINT_STATEMENT
                if meeting.kind == Meeting.Kind.COMMISSION_SESSION
                else Source.Kind.PRESS_RELEASE,
            )
            citations.append(MeetingCitation(meeting=meeting, source=source, quote=meeting.summary))
            self.meeting_source[meeting.pk] = source.pk
        self.insert(participations)
        self.insert(sector_links)
        self.insert(citations)
        self.meeting_rows = rows

    def meeting(
        self, series: _Series, kind: str, day: dt.date, session: int | None = None
    ) -> tuple[Meeting, _Series, list[Person], list[Sector]]:
        a, b = series.spec.countries
        host = self.rng.choice((a, b))
        place = self.rng.choice(self.places_by_country[host])
        people = [
            self.rng.choice(self.people_by_country[a]),
            self.rng.choice(self.people_by_country[b]),
        ]
        if self.rng.random() < 0.4:
            extra = self.rng.choice(self.people_by_country[self.rng.choice((a, b))])
            if extra not in people:
                people.append(extra)
        commission = None
        if kind == Meeting.Kind.COMMISSION_SESSION:
            commission = series.commission
            sectors = self.rng.sample(self.sectors, 5)
            title = f"Session {session} of the {series.spec.acronym}"
            slug = f"{slugify(series.spec.acronym)}-session-{session}"
        elif kind == Meeting.Kind.WORKING_GROUP:
            commission = self.rng.choice(series.working_groups)
            sectors = [self.rng.choice(self.sectors)]
            title = f"Meeting of the {commission.name}"
            slug = f"{commission.slug}"
        else:
            sectors = self.rng.sample(self.sectors, self.rng.randint(1, 3))
            what = {"bilateral": "meets", "call": "speaks by phone with", "visit": "hosts"}[kind]
            title = f"{people[0].name} {what} {people[1].name} in {place.name}"
            slug = f"{slugify(people[0].name)}-{slugify(people[1].name)}"
        precision = self.rng.choices(*MEETING_PRECISIONS)[0]
        date = FuzzyDate(day, precision)
        summit = next(
            (
                s
                for s in series.summits
                if date.start <= s.date_start <= date.start + dt.timedelta(days=180)
            ),
            None,
        )
        meeting = Meeting(
            slug=slug,
            title=title,
            kind=kind,
            date_start=date.start,
            date_precision=date.precision,
            place=place,
            summit=summit,
            commission=commission,
            session_number=session,
            summary=f"The sides discussed {', '.join(s.name.lower() for s in sectors)}.",
        )
        return meeting, series, people, sectors

    # Action items and their history -----------------------------------------------------

    def items(self) -> None:
        """Items spread over meetings (sessions bring most), written chunk by chunk."""
        weight = {
            Meeting.Kind.COMMISSION_SESSION: 20,
            Meeting.Kind.WORKING_GROUP: 4,
            Meeting.Kind.BILATERAL: 2,
            Meeting.Kind.VISIT: 1,
            Meeting.Kind.CALL: 0.5,
        }
        rows = self.meeting_rows
        per_meeting = Counter(
            self.rng.choices(
                range(len(rows)), [weight[m.kind] for m, *_ in rows], k=self.sizes.items
            )
        )
        pending: list[_Item] = []
        written = 0
        self.next_update_id = StatusUpdate.objects.aggregate(last=models.Max("pk"))["last"] or 0
        for index, (meeting, series, _, sectors) in enumerate(rows):
            numbers: Counter[str] = Counter()
            for _ in range(per_meeting[index]):
                sector = self.rng.choice(sectors)
                numbers[sector.slug] += 1
                pending.append(self.item(meeting, series, sector, numbers[sector.slug]))
                if len(pending) == CHUNK_ITEMS:
                    written += self.write_items(pending)
                    pending = []
                    self.progress(f"{written} action items written")
        written += self.write_items(pending)
        # Every item in one statement: cheaper than a list of ids, and right for any item.
        action_items_status_refresh()
        # PostgreSQL's id sequence does not see ids given explicitly: move it past them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [StatusUpdate]):
                cursor.execute(sql)

    def item(self, meeting: Meeting, series: _Series, sector: Sector, number: int) -> _Item:
        rng = self.rng
        code = (
            f"{series.spec.acronym}-{meeting.session_number}"
            if meeting.session_number
            else f"{'-'.join(series.spec.countries)}-M{meeting.pk}"
        )
        verb, what = rng.choice(VERBS), rng.choice(OBJECTS.get(sector.slug, ("cooperation",)))
        due = None
        if rng.random() < 0.85:
            day = meeting.date_start + dt.timedelta(days=rng.randint(30, 1000))
            due = FuzzyDate(day, rng.choices(*DUE_PRECISIONS)[0])
        by = f" by {due}" if due else ""
        text = f"The sides agreed to {verb[0].lower()}{verb[1:]} {what}{by}."
        later = [s for s in series.summits if s.date_start >= meeting.date_start]
        item = ActionItem(
            ref=f"{code}/{sector.slug.upper()}-{number}",
            title=f"{verb} {what}",
            text=text,
            origin_meeting_id=meeting.pk,
            target_summit=later[0] if later and rng.random() < 0.7 else None,
            due_start=due.start if due else None,
            due_precision=due.precision if due else "",
            priority=rng.choices((1, 2, 3), (20, 60, 20))[0],
        )
        sectors = [sector.pk]
        if rng.random() < 0.3:
            other = rng.choice(self.sectors)
            if other.pk != sector.pk:
                sectors.append(other.pk)
        countries = (
            series.spec.countries if rng.random() < 0.6 else (rng.choice(series.spec.countries),)
        )
        organisations = [self.ministries[iso2, sector.slug].pk for iso2 in countries]
        updates = self.updates(meeting.date_start, series)
        return _Item(item, sectors, organisations, self.meeting_source[meeting.pk], updates)

    def updates(
        self, since: dt.date, series: _Series
    ) -> list[tuple[dt.date, int, str, str, int | None]]:
        rng = self.rng
        count = rng.randint(0, 2 * self.sizes.updates_per_item)
        start = min(since + dt.timedelta(days=1), self.until)
        days = sorted(self.day(start, self.until) for _ in range(count))
        status = Status.NOT_STARTED if rng.random() < 0.5 else Status.IN_PROGRESS
        updates = []
        previous, sequence = None, 0
        for day in days:
            sequence = sequence + 1 if day == previous else 1
            previous = day
            evidence = None
            if status in FINAL_STATUSES or rng.random() < 0.05:
                # The latest press report of the day or before, or one a little older.
                position = bisect.bisect_right(series.news_days, day) - 1 - rng.randint(0, 3)
                if position >= 0:
                    evidence = series.news[position].pk
                elif status in FINAL_STATUSES:
                    # No press report yet: a final status cannot stand without evidence.
                    status = Status.IN_PROGRESS
            updates.append((day, sequence, status, rng.choice(NOTES[status]), evidence))
            status = rng.choices(*_NEXT[status])[0]
        return updates

    def write_items(self, pending: list[_Item]) -> int:
        self.insert([p.item for p in pending])
        self.insert_rows(
            ActionItem.sectors.through,
            ["actionitem", "sector"],
            [(p.item.pk, sector_id) for p in pending for sector_id in p.sector_ids],
        )
        self.insert_rows(
            ActionItem.responsible.through,
            ["actionitem", "organisation"],
            [(p.item.pk, org_id) for p in pending for org_id in p.organisation_ids],
        )
        self.insert_rows(
            ActionItemCitation,
            ["action_item", "source", "quote"],
            [(p.item.pk, p.source_id, p.item.text) for p in pending],
        )
        # Ids given here rather than returned by the database: evidence rows need them.
        updates, evidence = [], []
        for p in pending:
            for as_of, sequence, status, note, source_id in p.updates:
                self.next_update_id += 1
                updates.append((self.next_update_id, p.item.pk, as_of, sequence, status, note))
                if source_id is not None:
                    evidence.append((self.next_update_id, source_id, ""))
        self.insert_rows(
            StatusUpdate, ["id", "action_item", "as_of", "sequence", "status", "note"], updates
        )
        self.insert_rows(StatusUpdateEvidence, ["status_update", "source", "quote"], evidence)
        return len(pending)

    def insert_rows(self, model: type[models.Model], fields: list[str], rows: list[tuple]) -> None:
        """Insert rows given as tuples, one value per field.

        For the million-row tables: `bulk_create` builds a model instance and compiles
        every value of every row, which costs several times more than the insert itself.
        """
        if not rows:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
        sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        self.counts[model._meta.label] += len(rows)
