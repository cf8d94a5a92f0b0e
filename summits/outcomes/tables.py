"""The agreements' and documents' tables, on the list framework's columns."""

import django_tables2 as tables

from ..lists.columns import CountColumn, DayColumn, ListColumn, TrackerTable
from ..models import Agreement, OutcomeDocument
from ..tables import StatusColumn


class AgreementTable(TrackerTable):
    title = tables.Column("Title", linkify=True)
    kind = tables.Column("Kind")
    level = tables.Column("Level")
    countries = ListColumn(verbose_name="Parties")
    signed_on = DayColumn("Signed")
    status = StatusColumn(Agreement.Status, tie_break=("title",))
    entry_into_force = DayColumn("In force from")
    expires_on = DayColumn("Expires")
    signatory_count = tables.Column("Signatories", attrs={"td": {"class": "number"}})
    item_count = CountColumn(
        "Commitments", url_name="summits:actionitem-list", parameter="agreement"
    )

    default_columns = (
        "title",
        "kind",
        "countries",
        "signed_on",
        "status",
        "expires_on",
        "item_count",
    )

    class Meta(TrackerTable.Meta):
        model = Agreement
        fields: tuple[str, ...] = ()


class OutcomeDocumentTable(TrackerTable):
    title = tables.Column("Title", linkify=True)
    kind = tables.Column("Kind")
    summit = tables.Column("Summit", linkify=True, order_by="summit__date_start")
    meeting = tables.Column("Meeting", linkify=True, order_by="meeting__date_start")
    adopted_on = DayColumn("Adopted")
    paragraph_count = tables.Column("Paragraphs", attrs={"td": {"class": "number"}})
    item_count = CountColumn(
        "Commitments", url_name="summits:actionitem-list", parameter="document"
    )

    default_columns = ("title", "kind", "summit", "adopted_on", "paragraph_count", "item_count")

    class Meta(TrackerTable.Meta):
        model = OutcomeDocument
        fields: tuple[str, ...] = ()
