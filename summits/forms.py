"""Forms shared by the admin and the pages."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from . import services
from .fuzzydates import FORMAT_HELP, FuzzyDate
from .lists.filters import MenuField, SlugsField, picker_options
from .menus import sector_menu, summit_menu
from .models import (
    FINAL_STATUSES,
    ActionItem,
    ComplianceReport,
    Meeting,
    Notification,
    NotificationPreference,
    Organisation,
    SavedView,
    Sector,
    Source,
    Status,
    Summit,
)
from .queries import DUE_SOON_DAYS, RECENTLY_CHANGED_DAYS


def web_address(url: str) -> str:
    """A source's address: a link people can follow, not `javascript:` or `file:`."""
    if url and not url.startswith(("http://", "https://")):
        raise ValidationError("Give an http:// or https:// address.", code="scheme")
    return url


class FuzzyDateFormField(forms.Field):
    """One readable text box for a fuzzy date: "early December 2025", "19 Nov 2025"."""

    widget = forms.TextInput(attrs={"size": 24, "placeholder": "early December 2025"})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", FORMAT_HELP)
        super().__init__(**kwargs)

    def to_python(self, value) -> FuzzyDate | None:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return FuzzyDate.parse(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value) -> str:
        return str(value) if isinstance(value, FuzzyDate) else value


class FuzzyDateModelForm(forms.ModelForm):
    """A ModelForm whose fuzzy date (`fuzzy_attr`) is typed as text, not two fields."""

    fuzzy_attr = "date"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = getattr(self.instance, self.fuzzy_attr)
        if current is not None:
            self.initial.setdefault(self.fuzzy_attr, current)

    def clean(self):
        cleaned = super().clean()
        if self.fuzzy_attr in cleaned:
            setattr(self.instance, self.fuzzy_attr, cleaned[self.fuzzy_attr])
        return cleaned


class SummitForm(FuzzyDateModelForm):
    date = FuzzyDateFormField(label="Date", required=False)

    class Meta:
        model = Summit
        fields = ["series", "number", "host_place", "status", "notes"]


class MeetingForm(FuzzyDateModelForm):
    date = FuzzyDateFormField(label="Date")

    class Meta:
        model = Meeting
        fields = [
            "title",
            "slug",
            "kind",
            "place",
            "summit",
            "commission",
            "session_number",
            "summary",
            "sectors",
        ]


class ActionItemForm(FuzzyDateModelForm):
    """An action item's fields; refuses to overwrite what someone saved meanwhile."""

    fuzzy_attr = "due"
    due = FuzzyDateFormField(label="Due", required=False)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("base_version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        base = cleaned.get("base_version")
        if self.instance.pk and base is not None:
            current = ActionItem.objects.values_list("version", flat=True).get(pk=self.instance.pk)
            if current != base:
                # Resubmitting after review deliberately saves over the newer version.
                self.data = self.data.copy()
                self.data[self.add_prefix("base_version")] = current
                raise services.EditConflict(services.edit_conflict_message(self.instance, base))
        return cleaned

    def save(self, commit: bool = True) -> ActionItem:
        base = self.cleaned_data.get("base_version")
        if self.instance.pk and base is not None:
            services.action_item_claim_version(item=self.instance, base_version=base)
        return super().save(commit)

    class Meta:
        model = ActionItem
        fields = [
            "ref",
            "priority",
            "title",
            "text",
            "origin_meeting",
            "target_summit",
            "sectors",
            "responsible",
            "owner",
            "watchers",
        ]


def error_summary(*refused: forms.Form | None) -> list[tuple[str, str]]:
    """Every error of the forms given (None and unbound ones skipped), as the error summary
    at the top of a page lists them: ("#id" of the field in error, "Label: message").

    An error about a form as a whole has no field to link to (""). A form may name, in
    `error_anchors`, where a field it does not render itself sits on the page, and list
    in `subforms` the forms it holds.
    """
    entries: list[tuple[str, str]] = []
    for form in refused:
        if form is None or not form.is_bound:
            continue
        entries += [("", message) for message in form.non_field_errors()]
        anchors = getattr(form, "error_anchors", {})
        for field in form:
            # A group of boxes has no label of its own: its first box takes the focus.
            target = anchors.get(field.name) or field.id_for_label
            target = target or next((box.id_for_label for box in field.subwidgets), field.auto_id)
            href = "" if field.is_hidden else f"#{target}"
            entries += [(href, f"{field.label}: {message}") for message in field.errors]
        entries += error_summary(*getattr(form, "subforms", ()))
    return entries


class StatusChangeForm(forms.Form):
    """One new status for one or many action items, with its evidence."""

    status = forms.ChoiceField(choices=Status.choices)
    as_of = forms.DateField(
        label="As of",
        # A date box reads and writes ISO dates only, whatever the locale.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Not in the future.",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence = forms.ModelMultipleChoiceField(
        queryset=Source.objects.all(),
        required=False,
        help_text="Required for a final status (fulfilled, not fulfilled, withdrawn).",
    )
    quote = forms.CharField(
        label="Quoted sentence", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise ValidationError(
                "An update cannot be dated in the future: give the day the status was true.",
                code="future",
            )
        return as_of

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in FINAL_STATUSES and not self.has_evidence(cleaned):
            self.add_error("evidence", "A final status needs at least one source as evidence.")
        return cleaned

    def has_evidence(self, cleaned: dict) -> bool:
        return bool(cleaned.get("evidence"))


class NewSourceForm(forms.ModelForm):
    """A source typed in beside a status update, for a report not recorded yet.

    Optional as a whole: left empty, it is ignored; started, it must be complete.
    """

    class Meta:
        model = Source
        fields = ["title", "publisher", "published_on", "url"]
        labels = {"published_on": "Published on"}
        help_texts = {
            "url": "http or https only. A URL already recorded cites that source instead."
        }
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "new_source")
        kwargs.setdefault("label_suffix", "")
        # Not required in the browser: the whole sub-form may stay empty.
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)

    def clean_url(self) -> str:
        return web_address(self.cleaned_data["url"])

    @property
    def started(self) -> bool:
        return self.is_bound and any(
            str(self.data.get(self.add_prefix(name), "")).strip() for name in self.fields
        )


class StatusUpdateForm(StatusChangeForm):
    """A status update on the tracker pages: evidence picked from the sources suggested,
    or a new source typed in on the spot."""

    evidence = forms.ModelMultipleChoiceField(
        queryset=Source.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Required for a final status (fulfilled, not fulfilled, withdrawn): "
        "tick a source, or add a new one below.",
    )

    def __init__(self, *args, suggested: list[Source], **kwargs) -> None:
        kwargs.setdefault("initial", {"as_of": timezone.localdate()})
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Any recorded source is accepted; only the likely ones are offered as boxes.
        self.fields["evidence"].widget.choices = [(s.slug, str(s)) for s in suggested]
        self.fields["as_of"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.new_source = NewSourceForm(self.data if self.is_bound else None, auto_id=self.auto_id)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return (self.new_source.is_valid() if self.new_source.started else True) and valid

    def has_evidence(self, cleaned: dict) -> bool:
        return super().has_evidence(cleaned) or self.new_source.started

    @property
    def subforms(self) -> list[forms.Form]:
        """The forms checked with this one (error_summary): the new source, once started."""
        return [self.new_source] if self.new_source.started else []

    def update(self) -> dict:
        """The keyword arguments of services.status_update_record(_many)."""
        names = ["status", "as_of", "note", "evidence", "quote"]
        update = {name: self.cleaned_data[name] for name in names}
        if self.new_source.started:
            update["new_source"] = self.new_source.cleaned_data
        return update


class BulkStatusUpdateForm(StatusUpdateForm):
    """One status update for the action items ticked on the list."""

    items = forms.ModelMultipleChoiceField(
        queryset=ActionItem.objects.all(),
        error_messages={"required": "Tick at least one action item in the table."},
    )

    # The tick boxes are the table's: an error about them points there.
    error_anchors = {"items": "results"}

    def __init__(self, *args, **kwargs) -> None:
        # Its own ids: the list's filter form beside it has a "status" field too.
        kwargs.setdefault("auto_id", "bulk-%s")
        super().__init__(*args, **kwargs)


def sector_choices() -> list[tuple[str, str]]:
    """The sectors, from the cached menu of the list's filter (summits/menus.py)."""
    return [(option.key, option.label) for option in sector_menu()]


class BulkChangeForm(forms.Form):
    """New values for the action items ticked on the list, or for all the rows its
    filters match; every field left empty leaves that value unchanged."""

    items = forms.ModelMultipleChoiceField(queryset=ActionItem.objects.all(), required=False)
    scope = forms.ChoiceField(
        label="Change",
        choices=[
            ("ticked", "the items ticked above"),
            ("all", "all the items matching the filters"),
        ],
        initial="ticked",
        widget=forms.RadioSelect,
    )
    owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, empty_label="leave unchanged"
    )
    due = FuzzyDateFormField(
        label="Due", required=False, help_text=f"Empty: unchanged. {FORMAT_HELP}"
    )
    priority = forms.TypedChoiceField(
        choices=[("", "leave unchanged"), *ActionItem.Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    # Summits and sectors from the list's cached menus, organisations through pickers:
    # the page reads no record for them (a menu of every organisation grew with the data).
    target_summit = MenuField(menu=summit_menu, required=False, empty_label="leave unchanged")
    sectors_add = forms.MultipleChoiceField(
        label="Add sectors", choices=sector_choices, required=False
    )
    sectors_remove = forms.MultipleChoiceField(
        label="Remove sectors", choices=sector_choices, required=False
    )
    responsible_add = SlugsField(
        **picker_options(
            Organisation,
            example="mea-india",
            record="organisation",
            many=True,
            label="Add responsible organisations",
            queryset=Organisation.objects.all(),
            required=False,
        )
    )
    responsible_remove = SlugsField(
        **picker_options(
            Organisation,
            example="mea-india",
            record="organisation",
            many=True,
            label="Remove responsible organisations",
            queryset=Organisation.objects.all(),
            required=False,
        )
    )

    error_anchors = {"items": "results"}

    def __init__(self, *args, owners: QuerySet, **kwargs) -> None:
        # Its own ids: the status update's form shares the page.
        kwargs.setdefault("auto_id", "change-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners

    def clean_sectors_add(self) -> list[Sector]:
        return list(Sector.objects.filter(slug__in=self.cleaned_data["sectors_add"]))

    def clean_sectors_remove(self) -> list[Sector]:
        return list(Sector.objects.filter(slug__in=self.cleaned_data["sectors_remove"]))

    def clean_target_summit(self) -> Summit | None:
        pk = self.cleaned_data["target_summit"]
        return Summit.objects.select_related("series").get(pk=pk) if pk else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == "ticked" and not cleaned.get("items"):
            self.add_error("items", "Tick at least one action item in the table.")
        if not self.changes_anything(cleaned):
            raise ValidationError("Give at least one new value: every field is empty.")
        return cleaned

    @staticmethod
    def changes_anything(cleaned: dict) -> bool:
        names = ["owner", "due", "priority", "target_summit"]
        names += ["sectors_add", "sectors_remove", "responsible_add", "responsible_remove"]
        return any(cleaned.get(name) for name in names)

    def described(self) -> list[tuple[str, str]]:
        """Each change asked for, in words: ("Priority", "high")."""
        described = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if name in ("items", "scope") or not value:
                continue
            if name == "priority":
                value = ActionItem.Priority(value).label
            elif isinstance(value, QuerySet | list):
                value = "; ".join(str(record) for record in value)
            described.append((field.label or name.replace("_", " ").capitalize(), str(value)))
        return described

    def change(self) -> dict:
        """The keyword arguments of services.action_items_bulk_change, less items and user."""
        cleaned = self.cleaned_data
        values = {
            name: cleaned[name]
            for name in ["owner", "due", "priority", "target_summit"]
            if cleaned[name] is not None
        }
        links = ["sectors_add", "sectors_remove", "responsible_add", "responsible_remove"]
        return {"values": values, **{name: list(cleaned[name]) for name in links}}


class OwnerForm(forms.Form):
    """Who follows an item up; refuses to overwrite what someone saved meanwhile."""

    owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, empty_label="nobody"
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, owners: QuerySet, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class FollowUpForm(forms.Form):
    """The follow-up page's windows, in days; a blank or wrong one falls back to its default."""

    due_within = forms.IntegerField(
        label="Due within (days)", min_value=0, max_value=3650, required=False
    )
    stale_days = forms.IntegerField(
        label="No update for (days)", min_value=0, max_value=3650, required=False
    )
    changed_days = forms.IntegerField(
        label="Changed in the last (days)", min_value=0, max_value=3650, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, days in self.defaults().items():
            self.fields[name].widget.attrs["placeholder"] = days
            self.fields[name].help_text = f"Default {days}."

    @staticmethod
    def defaults() -> dict[str, int]:
        return {
            "due_within": DUE_SOON_DAYS,
            "stale_days": settings.TRACKER_STALE_DAYS,
            "changed_days": RECENTLY_CHANGED_DAYS,
        }

    def windows(self) -> dict[str, int]:
        """The keyword arguments of queries.follow_up_queues."""
        days = self.defaults()
        if self.is_bound:
            self.is_valid()  # a wrong value shows its error; the others still apply
            chosen = getattr(self, "cleaned_data", {})
            days |= {name: chosen[name] for name in days if chosen.get(name) is not None}
        return {
            "due_days": days["due_within"],
            "stale_days": days["stale_days"],
            "changed_days": days["changed_days"],
        }


class SavedViewSettingsForm(forms.Form):
    """Whether a saved view is shared, and mailed: what its owner changes from the menu."""

    shared = forms.BooleanField(
        label="Share it with everyone who reads the tracker", required=False
    )
    digest = forms.ChoiceField(
        label="Mail me this list", choices=SavedView.Digest.choices, initial=SavedView.Digest.NONE
    )


class SavedViewForm(SavedViewSettingsForm):
    """Save the list as shown under a name; the list and its query come from the page.

    Prefixed ("view-name"): its fields post to the list's own address beside the filters'.
    """

    name = forms.CharField(label="Name", max_length=100, strip=True)
    field_order = ["name", "shared", "digest"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="view", label_suffix="", **kwargs)


class ComplianceReportForm(forms.Form):
    """Freeze a summit's compliance at a cut-off date (services.compliance_report_freeze)."""

    kind = forms.ChoiceField(label="Report", choices=ComplianceReport.Kind.choices)
    cut_off = forms.DateField(
        label="Cut-off date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Statuses as of the end of this day.",
    )


class NotificationPreferencesForm(forms.Form):
    """Per kind of notification: mailed immediately, in the daily digest, or not at all."""

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        chosen = dict(user.notification_preferences.values_list("kind", "delivery"))
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=f"When {label}",
                choices=NotificationPreference.Delivery.choices,
                initial=chosen.get(kind, NotificationPreference.Delivery.IMMEDIATELY),
                widget=forms.RadioSelect,
            )
