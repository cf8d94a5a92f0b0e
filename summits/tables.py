"""Tables of the list pages: every column a user may want, a shorter default set.

The columns and the tables' shared base are the list framework's (summits/lists/).
"""

import django_tables2 as tables
from django.db.models import Case, Choices, QuerySet, Value, When
from django.utils.html import format_html

from .lists.columns import (
    BadgeColumn,
    CountColumn,
    DayColumn,
    FuzzyDateColumn,
    ListColumn,
    RecordColumn,
    TrackerTable,
)
from .models import (
    ActionItem,
    Commission,
    Meeting,
    Organisation,
    Person,
    Source,
    Status,
    Summit,
    SummitSeries,
)


class SelectColumn(tables.Column):
    """A tick box per row, named after the row's item, for one update on many items."""

    def __init__(self, ticked: frozenset[str] = frozenset(), **kwargs) -> None:
        self.ticked = ticked
        kwargs.update(accessor="pk", orderable=False, exclude_from_export=True)
        super().__init__("Select", **kwargs)

    def render(self, record: ActionItem) -> str:
        return format_html(
            '<input type="checkbox" name="items" value="{}" aria-label="Select {}"{}>',
            record.pk,
            record.ref,
            " checked" if str(record.pk) in self.ticked else "",
        )


def status_rank(scale: type[Choices]) -> Case:
    """A status column's own order (not yet assessed … withdrawn; anticipated … cancelled),
    not the alphabet's."""
    return Case(*(When(status=code, then=Value(rank)) for rank, code in enumerate(scale)))


class StatusColumn(BadgeColumn):
    """A status badge sorted in its scale's order, ties broken by `tie_break`."""

    def __init__(self, scale: type[Choices], *, tie_break: tuple[str, ...], **kwargs) -> None:
        self.scale, self.tie_break = scale, tie_break
        super().__init__("Status", **kwargs)

    def order(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        rank = status_rank(self.scale)
        return queryset.order_by(
            rank.desc() if is_descending else rank.asc(), *self.tie_break
        ), True


class ActionItemTable(TrackerTable):
    ref = tables.Column("Reference", linkify=True)
    title = tables.Column("Title")
    status = StatusColumn(Status, tie_break=("ref",))
    sectors = ListColumn(verbose_name="Sectors")
    due = FuzzyDateColumn("due", verbose_name="Due")
    target_summit = tables.Column(
        "Target summit",
        linkify=True,
        order_by=("target_summit__date_start", "target_summit__number"),
    )
    summit_date = FuzzyDateColumn("target_summit__date", verbose_name="Summit date", visible=False)
    responsible = ListColumn(verbose_name="Responsible")
    status_as_of = DayColumn("Last update")
    priority = tables.Column("Priority")
    origin_meeting = tables.Column("Origin", linkify=True, order_by="origin_meeting__date_start")

    default_columns = ("ref", "title", "status", "sectors", "due", "target_summit")
    # When is the summit an item feeds? Too wide a question for the page; the file says.
    export_only = {"summit_date": "target_summit"}

    class Meta(TrackerTable.Meta):
        model = ActionItem
        fields: tuple[str, ...] = ()


class MeetingTable(TrackerTable):
    date = FuzzyDateColumn("date", verbose_name="Date")
    title = tables.Column("Title", linkify=True)
    kind = tables.Column("Kind")
    place = tables.Column("Place", order_by="place__name")
    participants = ListColumn(verbose_name="Participants")
    sectors = ListColumn(verbose_name="Sectors")
    summit = tables.Column(
        "Summit prepared", linkify=True, order_by=("summit__date_start", "summit__number")
    )
    commission = tables.Column("Commission", linkify=True, order_by="commission__name")
    item_count = tables.Column("Action items", attrs={"td": {"class": "number"}})

    default_columns = ("date", "title", "kind", "place", "participants", "summit", "item_count")

    class Meta(TrackerTable.Meta):
        model = Meeting
        fields: tuple[str, ...] = ()


class SummitTable(TrackerTable):
    name = RecordColumn("Summit", order_by=("series__name", "number"))
    date = FuzzyDateColumn("date", verbose_name="Date")
    host_place = tables.Column("Host city", order_by="host_place__name")
    country = tables.Column(
        "Host country", accessor="host_place__country", order_by="host_place__country__name"
    )
    status = StatusColumn(Summit.Status, tie_break=("series__name", "number"))
    open_items = tables.Column("Open action items", attrs={"td": {"class": "number"}})
    meeting_count = tables.Column("Preparatory meetings", attrs={"td": {"class": "number"}})

    default_columns = ("name", "date", "host_place", "status", "open_items", "meeting_count")

    class Meta(TrackerTable.Meta):
        model = Summit
        fields: tuple[str, ...] = ()


class PersonTable(TrackerTable):
    name = tables.Column("Name", linkify=True)
    title = tables.Column("Current title")
    organisation = tables.Column("Organisation", linkify=True, order_by="organisation__name")
    country = tables.Column("Country", order_by="country__name")
    meeting_count = tables.Column("Meetings", attrs={"td": {"class": "number"}})

    default_columns = ("name", "title", "organisation", "country", "meeting_count")

    class Meta(TrackerTable.Meta):
        model = Person
        fields: tuple[str, ...] = ()


class OrganisationTable(TrackerTable):
    name = tables.Column("Name", linkify=True)
    acronym = tables.Column("Acronym")
    kind = tables.Column("Kind")
    country = tables.Column("Country", order_by="country__name")
    parent = tables.Column("Part of", linkify=True, order_by="parent__name")
    people_count = tables.Column("People", attrs={"td": {"class": "number"}})
    item_count = tables.Column("Responsible for", attrs={"td": {"class": "number"}})

    default_columns = ("name", "kind", "country", "people_count", "item_count")

    class Meta(TrackerTable.Meta):
        model = Organisation
        fields: tuple[str, ...] = ()


class SourceTable(TrackerTable):
    title = tables.Column("Title", linkify=True)
    publisher = tables.Column("Publisher")
    published_on = DayColumn("Published")
    kind = tables.Column("Kind")
    url = tables.URLColumn(verbose_name="Link", attrs={"a": {"rel": "noopener noreferrer"}})

    default_columns = ("title", "publisher", "published_on", "kind")

    class Meta(TrackerTable.Meta):
        model = Source
        fields: tuple[str, ...] = ()


class CommissionTable(TrackerTable):
    name = tables.Column("Name", linkify=True)
    acronym = tables.Column("Acronym")
    parent = tables.Column("Working group of", linkify=True, order_by="parent__name")
    countries = ListColumn(verbose_name="Countries")
    session_count = CountColumn("Meetings", url_name="summits:meeting-list", parameter="commission")
    item_count = CountColumn(
        "Action items", url_name="summits:actionitem-list", parameter="commission"
    )

    default_columns = ("name", "acronym", "parent", "session_count", "item_count")

    class Meta(TrackerTable.Meta):
        model = Commission
        fields: tuple[str, ...] = ()


class SummitSeriesTable(TrackerTable):
    name = tables.Column("Name", linkify=True)
    countries = ListColumn(verbose_name="Countries")
    summit_count = CountColumn("Summits", url_name="summits:summit-list", parameter="series")
    item_count = CountColumn("Action items", url_name="summits:actionitem-list", parameter="series")

    default_columns = ("name", "countries", "summit_count", "item_count")

    class Meta(TrackerTable.Meta):
        model = SummitSeries
        fields: tuple[str, ...] = ()
