"""The options of the list pages' filter menus: small related tables, read from the cache.

A menu is a few dozen to a few hundred records (sectors, summits, commissions,
countries). Reading them on every page would cost a query each and most of a list's
time; they change only when a record does, so they come from the cache
(summits/caching.py) and each option carries its record's id, which spares the query
that would otherwise look up the record a filter names.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from .caching import cached
from .models import (
    ActionItem,
    Agreement,
    Commission,
    Country,
    Meeting,
    Organisation,
    Person,
    Sector,
    Summit,
    SummitSeries,
)


@dataclass(frozen=True)
class MenuOption:
    key: str  # what the URL says: a slug, an ISO code, "series-number"
    pk: int
    label: str


def _options(name: str, records: QuerySet, key: str) -> list[MenuOption]:
    """Every record of `records` as an option keyed by its `key` field, labelled by str()."""
    return cached(
        f"menu:{name}",
        lambda: [MenuOption(getattr(record, key), record.pk, str(record)) for record in records],
    )


def sector_menu() -> list[MenuOption]:
    return _options("sectors", Sector.objects.order_by("name"), "slug")


def commission_menu() -> list[MenuOption]:
    return _options("commissions", Commission.objects.order_by("name"), "slug")


def series_menu() -> list[MenuOption]:
    return _options("series", SummitSeries.objects.order_by("name"), "slug")


def summit_menu() -> list[MenuOption]:
    """Summits, the latest first, keyed "india-russia-annual-summit-23"."""

    def options() -> list[MenuOption]:
        summits = Summit.objects.select_related("series").order_by("-date_start", "series__name")
        return [
            MenuOption(f"{summit.series.slug}-{summit.number}", summit.pk, str(summit))
            for summit in summits
        ]

    return cached("menu:summits", options)


def _countries(name: str, having: QuerySet) -> list[MenuOption]:
    """The countries some of `having` (filtered on OuterRef("pk") by the caller) point
    at: EXISTS rather than a join over every such record and DISTINCT."""
    countries = Country.objects.filter(Exists(having)).order_by("name")
    return _options(f"countries:{name}", countries, "iso2")


def responsible_country_menu() -> list[MenuOption]:
    """Countries whose organisations are responsible for action items."""
    links = ActionItem.responsible.through.objects.filter(organisation__country=OuterRef("pk"))
    return _countries("responsible", links)


def meeting_country_menu() -> list[MenuOption]:
    return _countries("meetings", Meeting.objects.filter(place__country=OuterRef("pk")))


def host_country_menu() -> list[MenuOption]:
    return _countries("hosts", Summit.objects.filter(host_place__country=OuterRef("pk")))


def commission_country_menu() -> list[MenuOption]:
    links = Commission.countries.through.objects.filter(country=OuterRef("pk"))
    return _countries("commissions", links)


def series_country_menu() -> list[MenuOption]:
    links = SummitSeries.countries.through.objects.filter(country=OuterRef("pk"))
    return _countries("series", links)


def agreement_country_menu() -> list[MenuOption]:
    """Countries party to a recorded agreement."""
    links = Agreement.countries.through.objects.filter(country=OuterRef("pk"))
    return _countries("agreements", links)


def person_country_menu() -> list[MenuOption]:
    return _countries("people", Person.objects.filter(country=OuterRef("pk")))


def organisation_country_menu() -> list[MenuOption]:
    return _countries("organisations", Organisation.objects.filter(country=OuterRef("pk")))


def employer_menu() -> list[MenuOption]:
    """Organisations at least one recorded person works for."""
    employers = Organisation.objects.filter(
        Exists(Person.objects.filter(organisation=OuterRef("pk")))
    )
    return _options("employers", employers.order_by("name"), "slug")


def parent_organisation_menu() -> list[MenuOption]:
    """Organisations that others are part of."""
    parents = Organisation.objects.filter(
        Exists(Organisation.objects.filter(parent=OuterRef("pk")))
    )
    return _options("parents", parents.order_by("name"), "slug")


def parent_commission_menu() -> list[MenuOption]:
    """Commissions that have working groups."""
    parents = Commission.objects.filter(Exists(Commission.objects.filter(parent=OuterRef("pk"))))
    return _options("parent-commissions", parents.order_by("name"), "slug")
