"""Forms of report intake: the report in, then one form per drafted record."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ..forms import FuzzyDateFormField, web_address
from ..fuzzydates import FuzzyDate
from .reading import ReportUnreadable, report_text_read
from .records import (
    clean_text,
    form_field_name,
    label_field,
    model_field,
    model_of,
    reference_text,
)


class CleanTextField(forms.CharField):
    """Text as pasted: NUL and lone surrogates stripped rather than refused, since they
    come from copying, not from the writer."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


class ReportTextForm(forms.Form):
    """Step one: the report, pasted or as a file."""

    text = CleanTextField(
        label="Paste the report",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="The whole article or statement, with its date line and credit line.",
    )
    file = forms.FileField(
        label="Or upload its file",
        required=False,
        help_text=".txt, .html, .pdf or .docx.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.pdf,.docx"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        self.file_name = ""
        if upload:
            limit = settings.TRACKER_REPORT_MAX_BYTES
            try:
                # One byte over the limit is enough for the reader to refuse it.
                cleaned["text"] = report_text_read(name=upload.name, data=upload.read(limit + 1))
            except ReportUnreadable as unreadable:
                self.add_error("file", str(unreadable))
                return cleaned
            self.file_name = upload.name
            cleaned["text"] = clean_text(cleaned["text"])
        if not (cleaned.get("text") or "").strip() and "file" not in self.errors:
            self.add_error(
                "text" if not upload else "file",
                "The report has no text: paste it here, or upload a file that holds it.",
            )
        return cleaned


class ReportDetailsForm(forms.Form):
    """Step two: what the report says about itself, pre-filled and editable, and its text."""

    title = CleanTextField(
        max_length=300, required=False, help_text="Left empty: the report's first sentence."
    )
    publisher = CleanTextField(max_length=200, help_text="Who published it: “ANI”, “Reuters”.")
    published_on = forms.DateField(
        label="Published on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Relative dates in the text (“yesterday”, “next month”) count from it.",
    )
    url = forms.URLField(label="URL", max_length=500, required=False, help_text="http or https.")
    text = CleanTextField(
        label="Report text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": "The report has no text: paste it again."},
    )
    file_name = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_url(self) -> str:
        return web_address(self.cleaned_data["url"])

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise ValidationError("The report has no text: paste it again.", code="required")
        return text


# One drafted record --------------------------------------------------------------------


class RecordForm(forms.Form):
    """A drafted record's fields, as a person edits them: every field of the record as
    text, a fuzzy date as one box ("early December 2025"), a reference as its key
    ("new-delhi", "india-russia-annual-summit / 23"), links as keys split by commas.

    Values are kept as typed where they cannot be read (a summit number "twenty"): the
    importer's own checks then say what is wrong, at the field.
    """

    def __init__(self, *args, record: dict, index: int, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("prefix", f"r{index}")
        super().__init__(*args, **kwargs)
        self.record = record
        self.model = model_of(record)
        fields = record.get("fields") if isinstance(record.get("fields"), dict) else {}
        self.names: list[str] = []  # record field names, in the record's order
        for name, value in fields.items():
            form_name = form_field_name(self.model, name)
            if form_name in self.fields:
                continue
            self.names.append(name)
            if form_name != name:
                self.fields[form_name] = self._fuzzy_field(form_name, fields)
            else:
                self.fields[name] = self._field(name, value)

    def _fuzzy_field(self, prefix: str, fields: dict) -> forms.Field:
        start, precision = fields.get(f"{prefix}_start"), fields.get(f"{prefix}_precision")
        try:
            initial = str(FuzzyDate(dt.date.fromisoformat(start), precision)) if start else ""
        except (TypeError, ValueError):
            initial = " ".join(str(part) for part in (start, precision) if part)
        # Not required here: the importer says which dates a record needs, at the field.
        return FuzzyDateFormField(
            label=prefix.replace("_", " ").capitalize(), initial=initial, required=False
        )

    def _field(self, name: str, value) -> forms.Field:
        f = model_field(self.model, name) if self.model else None
        label = str(f.verbose_name).capitalize() if f is not None else name
        help_text = str(f.help_text) if f is not None else ""
        options = {"label": label, "required": False, "help_text": help_text}
        if f is not None and f.is_relation:
            joined = (
                ", ".join(reference_text(item) for item in value)
                if f.many_to_many and isinstance(value, list)
                else reference_text(value)
            )
            target = f.related_model._meta.verbose_name
            options["help_text"] = (
                f"Keys of {f.related_model._meta.verbose_name_plural}, separated by commas."
                if f.many_to_many
                else f"The key of a {target}, drafted here or recorded."
            )
            return CleanTextField(initial=joined, strip=True, **options)
        if isinstance(f, models.BooleanField):  # a tick box, stored as true or false
            return forms.BooleanField(initial=value is True, **options)
        text = "" if value is None else str(value)
        if f is not None and f.choices:
            choices = [(str(v), str(shown)) for v, shown in f.flatchoices]
            if f.blank:
                choices.insert(0, ("", "—"))
            if text not in {v for v, _ in choices}:
                choices.append((text, f"{text} (as drafted)"))
            return forms.ChoiceField(choices=choices, initial=text, **options)
        if isinstance(f, models.TextField):
            rows = 10 if len(text) > 500 else 3
            return CleanTextField(
                initial=text, strip=False, widget=forms.Textarea(attrs={"rows": rows}), **options
            )
        return CleanTextField(initial=text, strip=True, **options)

    def record_fields(self) -> dict:
        """The record's fields as edited, in the fixture's JSON shape."""
        original = self.record.get("fields") or {}
        fields: dict = {}
        for name in self.names:
            form_name = form_field_name(self.model, name)
            if form_name != name:
                date = self.cleaned_data.get(form_name)
                fields[f"{form_name}_start"] = date.start.isoformat() if date else None
                fields[f"{form_name}_precision"] = str(date.precision.value) if date else ""
                continue
            fields[name] = self._value(name, self.cleaned_data.get(name, ""), original.get(name))
        return fields

    def _value(self, name: str, text: str, original):
        f = model_field(self.model, name) if self.model else None
        if f is None:
            return text if not isinstance(original, list | dict) else original
        if f.many_to_many:
            return [self._key(f, part) for part in text.split(",") if part.strip()]
        if f.is_relation:
            return self._key(f, text) if text.strip() else None
        if isinstance(f, models.BooleanField):
            return bool(text)
        if text == "" and f.null:
            return None
        if isinstance(f, models.IntegerField):
            try:
                return int(text)
            except ValueError:
                return text
        return text

    @staticmethod
    def _key(f: models.Field, text: str) -> list:
        """A key typed as text, each part as its field reads it: 23, not "23"."""
        parts = [part.strip() for part in text.split(" / ")]
        paths = f.related_model._default_manager.key_fields
        key: list = []
        for path, part in zip(paths, parts, strict=False):
            leaf = f.related_model
            *relations, last = path.split("__")
            for relation in relations:
                leaf = leaf._meta.get_field(relation).related_model
            if isinstance(leaf._meta.get_field(last), models.IntegerField) and part.isdigit():
                key.append(int(part))
            else:
                key.append(part)
        return key + parts[len(paths) :]


class UseExistingForm(forms.Form):
    """A recorded record to use instead of a drafted one: a suggestion, or one looked up."""

    existing = forms.CharField(required=False, widget=forms.HiddenInput)
    query = forms.CharField(label="Another recorded one", required=False, max_length=200)

    def __init__(self, *args, model: type[models.Model], index: int, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("prefix", f"use{index}")
        super().__init__(*args, **kwargs)
        self.model = model
        noun = model._meta.verbose_name
        self.fields["query"].label = f"Another recorded {noun}"
        self.fields["query"].help_text = "Its key (slug) or its exact name."

    def clean(self) -> dict:
        cleaned = super().clean()
        wanted = (cleaned.get("existing") or cleaned.get("query") or "").strip()
        if not wanted:
            raise ValidationError(f"Name the recorded {self.model._meta.verbose_name} to use.")
        cleaned["record"] = self._find(wanted)
        return cleaned

    def _find(self, wanted: str) -> models.Model:
        model, noun = self.model, self.model._meta.verbose_name
        (path,) = model._default_manager.key_fields
        found = model._default_manager.filter(**{path: wanted}).first()
        name = label_field(model)
        if found is None and name:
            matches = list(model._default_manager.filter(**{f"{name}__iexact": wanted})[:6])
            if len(matches) > 1:
                raise ValidationError(
                    f"{len(matches)} recorded {model._meta.verbose_name_plural} are called "
                    f"“{wanted}”: give the key of the one you mean "
                    f"({', '.join(getattr(m, path) for m in matches[:5])})."
                )
            found = matches[0] if matches else None
        if found is None:
            raise ValidationError(
                f"No recorded {noun} has the key or name “{wanted}”: check the spelling, or "
                f"keep the drafted {noun}."
            )
        return found
