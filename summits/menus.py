"""The options of the list pages' filter menus: small related tables, read from the cache.

A menu is a few dozen to a few hundred records (sectors, summits, commissions,
countries). Reading them on every page would cost a query each and most of a list's
time; they change only when a record they read does, so they come from the cache
(summits/caching.py) and each option carries its record's id, which spares the query
that would otherwise look up the record a filter names. Each menu says which kinds of
records it reads (`menu`): a status update, say, keeps every menu.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

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


type Menu = Callable[[], list[MenuOption]]


def menu(name: str, *kinds: str) -> Callable[[Menu], Menu]:
    """A menu read from records of `kinds`, from the cache until one of them changes. The
    kinds stay on the function (`kinds`): a list's rendered filters depend on them too."""

    def decorate(options: Menu) -> Menu:
        @wraps(options)
        def from_cache() -> list[MenuOption]:
            return cached(f"menu:{name}", options, kinds=kinds)

        from_cache.kinds = kinds
        return from_cache

    return decorate


def _options(records: QuerySet, key: str) -> list[MenuOption]:
    """Every record of `records` as an option keyed by its `key` field, labelled by str()."""
    return [MenuOption(getattr(record, key), record.pk, str(record)) for record in records]


@menu("sectors", "sector")
def sector_menu() -> list[MenuOption]:
    return _options(Sector.objects.order_by("name"), "slug")


@menu("commissions", "commission")
def commission_menu() -> list[MenuOption]:
    return _options(Commission.objects.order_by("name"), "slug")


@menu("series", "series")
def series_menu() -> list[MenuOption]:
    return _options(SummitSeries.objects.order_by("name"), "slug")


@menu("summits", "summit", "series")
def summit_menu() -> list[MenuOption]:
    """Summits, the latest first, keyed "india-russia-annual-summit-23"."""
    summits = Summit.objects.select_related("series").order_by("-date_start", "series__name")
    return [MenuOption(summit.filter_key, summit.pk, str(summit)) for summit in summits]


def _countries(having: QuerySet) -> list[MenuOption]:
    """The countries some of `having` (filtered on OuterRef("pk") by the caller) point
    at: EXISTS rather than a join over every such record and DISTINCT."""
    return _options(Country.objects.filter(Exists(having)).order_by("name"), "iso2")


@menu("countries:responsible", "country", "organisation", "actionitem")
def responsible_country_menu() -> list[MenuOption]:
    """Countries whose organisations are responsible for action items."""
    links = ActionItem.responsible.through.objects.filter(organisation__country=OuterRef("pk"))
    return _countries(links)


@menu("countries:meetings", "country", "place", "meeting")
def meeting_country_menu() -> list[MenuOption]:
    return _countries(Meeting.objects.filter(place__country=OuterRef("pk")))


@menu("countries:hosts", "country", "place", "summit")
def host_country_menu() -> list[MenuOption]:
    return _countries(Summit.objects.filter(host_place__country=OuterRef("pk")))


@menu("countries:commissions", "country", "commission")
def commission_country_menu() -> list[MenuOption]:
    return _countries(Commission.countries.through.objects.filter(country=OuterRef("pk")))


@menu("countries:series", "country", "series")
def series_country_menu() -> list[MenuOption]:
    return _countries(SummitSeries.countries.through.objects.filter(country=OuterRef("pk")))


@menu("countries:agreements", "country", "agreement")
def agreement_country_menu() -> list[MenuOption]:
    """Countries party to a recorded agreement."""
    return _countries(Agreement.countries.through.objects.filter(country=OuterRef("pk")))


@menu("countries:people", "country", "person")
def person_country_menu() -> list[MenuOption]:
    return _countries(Person.objects.filter(country=OuterRef("pk")))


@menu("countries:organisations", "country", "organisation")
def organisation_country_menu() -> list[MenuOption]:
    return _countries(Organisation.objects.filter(country=OuterRef("pk")))


@menu("employers", "organisation", "person")
def employer_menu() -> list[MenuOption]:
    """Organisations at least one recorded person works for."""
    employers = Organisation.objects.filter(
        Exists(Person.objects.filter(organisation=OuterRef("pk")))
    )
    return _options(employers.order_by("name"), "slug")


@menu("parents", "organisation")
def parent_organisation_menu() -> list[MenuOption]:
    """Organisations that others are part of."""
    parents = Organisation.objects.filter(
        Exists(Organisation.objects.filter(parent=OuterRef("pk")))
    )
    return _options(parents.order_by("name"), "slug")


@menu("parent-commissions", "commission")
def parent_commission_menu() -> list[MenuOption]:
    """Commissions that have working groups."""
    parents = Commission.objects.filter(Exists(Commission.objects.filter(parent=OuterRef("pk"))))
    return _options(parents.order_by("name"), "slug")
