"""Forms shared by the admin and the pages."""

from django import forms
from django.core.exceptions import ValidationError

from . import services
from .fuzzydates import FORMAT_HELP, FuzzyDate
from .models import FINAL_STATUSES, ActionItem, Meeting, Source, Status, Summit


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


class StatusChangeForm(forms.Form):
    """One new status for one or many action items, with its evidence."""

    status = forms.ChoiceField(choices=Status.choices)
    as_of = forms.DateField(
        label="As of",
        widget=forms.DateInput(attrs={"type": "date"}),
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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in FINAL_STATUSES and not cleaned.get("evidence"):
            self.add_error("evidence", "A final status needs at least one source as evidence.")
        return cleaned
