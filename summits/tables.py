"""Tables of the list pages: every column a user may want, a shorter default set.

A column renders HTML for the page; exports (see exports.py) read the plain value under
it, so a CSV cell holds "not started", never a badge's markup.
"""

import datetime as dt

import django_tables2 as tables
from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, F, Model, QuerySet, Value, When
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2.rows import BoundRows

from .models import ActionItem, Meeting, Organisation, Person, Source, Status, Summit


class ListColumn(tables.ManyToManyColumn):
    """Related records (prefetched), comma-separated."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("separator", ", ")
        super().__init__(**kwargs)


class BadgeColumn(tables.Column):
    """A status as a coloured badge that also says it in words: colour is never alone."""

    def render(self, value, record, bound_column) -> str:
        code = getattr(record, bound_column.accessor)
        return format_html('<span class="status status-{}">{}</span>', code, value)


class FuzzyDateColumn(tables.Column):
    """A fuzzy date shown as written and sorted by its earliest day, unknown dates last."""

    def __init__(self, prefix: str, **kwargs) -> None:
        self.prefix = prefix
        kwargs.setdefault("accessor", prefix)
        super().__init__(**kwargs)

    def render(self, value) -> str:
        return str(value)

    def order(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        start = F(f"{self.prefix}_start")
        ordering = start.desc(nulls_last=True) if is_descending else start.asc(nulls_last=True)
        return queryset.order_by(ordering, "pk"), True


class DayColumn(tables.Column):
    """A day written out ("20 Nov 2025"); exported as a date a spreadsheet can sort."""

    def render(self, value: dt.date) -> str:
        return date_format(value, "j M Y")


class RecordColumn(tables.Column):
    """The record itself, by its name, linked to its page."""

    def __init__(self, verbose_name: str, **kwargs) -> None:
        super().__init__(verbose_name, accessor="pk", linkify=True, **kwargs)

    def render(self, record: Model) -> str:
        return str(record)


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


class TrackerTable(tables.Table):
    """Shared options. `default_columns` are shown until a user picks others."""

    default_columns: tuple[str, ...] = ()

    class Meta:
        order_by_field = "sort"
        attrs = {"class": "results"}

    def rows_html(self) -> SafeString:
        """The page's rows. Each cell renders through django-tables2 as usual; the rows are
        put together here with each column's label and attributes worked out once, as a
        template loop re-resolving them for every cell cost as much as the cells did."""
        columns = [
            (
                column.name,
                format_html('<td data-label="{}" {}>', column.header, column.attrs["td"].as_html()),
            )
            for column in self.columns
        ]
        return mark_safe(
            "".join(
                "\n    <tr>"
                + "".join(
                    f"{start}{conditional_escape(localize(row.get_cell(name)))}</td>"
                    for name, start in columns
                )
                + "</tr>"
                for row in self.paginated_rows
            )
        )

    @classmethod
    def column_choices(cls) -> list[tuple[str, str]]:
        return [(name, column.verbose_name) for name, column in cls.base_columns.items()]


def _status_rank(field: str = "status") -> Case:
    """The scale's own order (not started … withdrawn), not the alphabet's."""
    return Case(*(When(**{field: code}, then=Value(rank)) for rank, code in enumerate(Status)))


class ActionItemTable(TrackerTable):
    ref = tables.Column("Reference", linkify=True)
    title = tables.Column("Title")
    status = BadgeColumn("Status")
    sectors = ListColumn(verbose_name="Sectors")
    due = FuzzyDateColumn("due", verbose_name="Due")
    target_summit = tables.Column(
        "Target summit",
        linkify=True,
        order_by=("target_summit__date_start", "target_summit__number"),
    )
    responsible = ListColumn(verbose_name="Responsible")
    status_as_of = DayColumn("Last update")
    priority = tables.Column("Priority")
    origin_meeting = tables.Column("Origin", linkify=True, order_by="origin_meeting__date_start")

    default_columns = ("ref", "title", "status", "sectors", "due", "target_summit")

    class Meta(TrackerTable.Meta):
        model = ActionItem
        fields: tuple[str, ...] = ()

    def order_status(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        rank = _status_rank()
        return queryset.order_by(rank.desc() if is_descending else rank.asc(), "ref"), True


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
    status = BadgeColumn("Status")
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


PAGE_SIZES = (25, 50, 100, 200)


class DeferredJoinPaginator(Paginator):
    """Pages of a table's queryset fetched as "the rows whose ids are this page's ids".

    With OFFSET, the database reads and throws away every row before the page; fetched
    whole, with their joins and long texts, that made late pages slow. Here only the ids
    are skipped over (the narrow subquery, often from an index), and the full rows with
    their joins are fetched for the page alone: one query, in the same order.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        queryset = getattr(getattr(rows, "data", None), "data", None)
        if (
            not isinstance(rows, BoundRows)
            or not isinstance(queryset, QuerySet)
            # DISTINCT would add the ordering to the ids' SELECT (PostgreSQL needs it there).
            or queryset.query.distinct
            or queryset.query.combinator
        ):
            return super().page(number)
        page_ids = queryset[bottom:top].values("pk")
        page_rows = BoundRows(
            queryset.filter(pk__in=page_ids), table=rows.table, pinned_data=rows.pinned_data
        )
        return self._get_page(page_rows, number, self)


class ColumnsForm(forms.Form):
    """Which columns a user wants to see on one list (kept in the session)."""

    columns = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label="Show columns", required=True
    )

    def __init__(self, *args, table_class: type[TrackerTable], **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["columns"].choices = table_class.column_choices()
