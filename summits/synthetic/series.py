"""Summit series with their yearly summits, commissions and working groups, press reports."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.text import slugify

from ..fuzzydates import FuzzyDate, Precision
from ..models import Commission, Source, Summit, SummitCitation, SummitSeries
from .reference import Reference
from .run import Run
from .vocabulary import NEWS_PUBLISHERS, SERIES, SeriesSpec


@dataclass
class Series:
    """A series as written: what its meetings and items are attached to."""

    spec: SeriesSpec
    pk: int
    summits: list[Summit] = field(default_factory=list)
    commission: Commission | None = None
    working_groups: list[Commission] = field(default_factory=list)
    # Press reports, oldest first, and their days: evidence for status updates.
    news: list[Source] = field(default_factory=list)
    news_days: list[dt.date] = field(default_factory=list)


def series_write(run: Run, reference: Reference) -> list[Series]:
    series_list = _series(run, reference)
    _commissions(run, series_list)
    _news(run, series_list)
    return series_list


def _series(run: Run, reference: Reference) -> list[Series]:
    series_list: list[Series] = []
    per_series = max(1, run.sizes.summits // len(SERIES))
    for spec in SERIES:
        series = SummitSeries(slug=spec.slug, name=spec.name)
        run.insert([series])
        run.insert(
            [
                SummitSeries.countries.through(
                    summitseries_id=series.pk, country_id=run.countries[iso2].pk
                )
                for iso2 in spec.countries
            ]
        )
        series_list.append(Series(spec, series.pk))
    # Yearly editions; the last ones still ahead of the archive's last day.
    citations = []
    for series in series_list:
        for number in range(1, per_series + 1):
            year = run.until.year - per_series + 1 + number
            host = run.rng.choice(reference.places_by_country[series.spec.countries[number % 2]])
            day = run.day(dt.date(year, 1, 1), dt.date(year, 12, 31))
            if day <= run.until:
                status = run.rng.choices(
                    [Summit.Status.HELD, Summit.Status.POSTPONED, Summit.Status.CANCELLED],
                    (90, 6, 4),
                )[0]
                precision = Precision.DAY
            else:
                status = run.rng.choice([Summit.Status.SCHEDULED, Summit.Status.ANTICIPATED])
                precision = (
                    run.rng.choice([Precision.DAY, Precision.EARLY_MONTH, Precision.LATE_MONTH])
                    if status == Summit.Status.SCHEDULED
                    else run.rng.choice([Precision.MONTH, Precision.QUARTER, Precision.YEAR])
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
        run.insert(series.summits)
        for summit in series.summits:
            source = run.source(
                f"{series.spec.slug}-{summit.number}",
                f"Joint statement of the {series.spec.name} ({summit.number})",
                reference.foreign_ministry[series.spec.countries[0]].name,
                min(summit.date_start, run.until),
                Source.Kind.JOINT_STATEMENT,
            )
            citations.append(SummitCitation(summit=summit, source=source))
    run.insert(citations)
    return series_list


def _commissions(run: Run, series_list: list[Series]) -> None:
    """Each series' commission and its working groups, one per sector it covers."""
    for series in series_list:
        spec = series.spec
        commission = Commission(
            slug=slugify(spec.acronym), name=spec.commission, acronym=spec.acronym
        )
        run.insert([commission])
        sectors = run.rng.sample(run.sectors, 6)
        groups = [
            Commission(
                slug=f"{commission.slug}-{sector.slug}",
                name=f"{spec.acronym} working group on {sector.name.lower()}",
                acronym=f"{spec.acronym}/{sector.slug.upper()}",
                parent=commission,
            )
            for sector in sectors
        ]
        run.insert(groups)
        run.insert(
            [
                Commission.countries.through(commission_id=c.pk, country_id=run.countries[iso2].pk)
                for c in [commission, *groups]
                for iso2 in spec.countries
            ]
        )
        series.commission, series.working_groups = commission, groups


def _news(run: Run, series_list: list[Series]) -> None:
    """Press reports on each series' business, spread over the years: evidence."""
    per_series = max(10, run.sizes.items // 20 // len(SERIES))
    for series in series_list:
        days = sorted(run.day(run.first_day, run.until) for _ in range(per_series))
        names = [run.countries[iso2].name for iso2 in series.spec.countries]
        series.news = [
            Source(
                slug=f"{day:%Y-%m-%d}-{series.spec.slug}-news-{index}",
                title=f"{names[0]} and {names[1]} review their cooperation",
                publisher=run.rng.choice(NEWS_PUBLISHERS),
                published_on=day,
                url=f"https://example.org/synthetic/news/{series.spec.slug}/{index}",
                kind=Source.Kind.NEWS_REPORT,
            )
            for index, day in enumerate(days, start=1)
        ]
        series.news_days = days
        run.insert(series.news)
