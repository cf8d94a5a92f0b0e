"""Inlines whose rows cost no query each: a record with 200 citations or updates opens
with as many queries as one with two.

Django's inline reads its rows in one query, then each row asks again for what it shows:
its parent (the record the page edits, for the row's title), each autocomplete box's
chosen record (one query per row and box) and each many-to-many box's links. Here the
inline's queryset joins and prefetches those, and each row is built from them.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.forms.models import BaseInlineFormSet


class ChosenMixin:
    """An autocomplete box naming its chosen records from `chosen` (value → label), which
    its row's formset fills from the rows it read; a value it does not hold (a bound form
    that picked another record) is named by the query Django's own box makes."""

    chosen: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.chosen is None or not selected <= self.chosen.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key, label in self.chosen.items():
            if key in selected:
                options.append(self.create_option(name, key, label, True, len(options)))
        return [(None, options, 0)]


class ChosenAutocompleteSelect(ChosenMixin, AutocompleteSelect):
    pass


class ChosenAutocompleteSelectMultiple(ChosenMixin, AutocompleteSelectMultiple):
    pass


class InlineRowsFormSet(BaseInlineFormSet):
    """An inline's rows, each given its parent and its boxes' chosen records from what the
    inline's queryset read (RowsReadOnceMixin), not from a query of its own."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Django sets the parent's id only; the row's title (str) reads the parent itself.
        setattr(form.instance, self.fk.name, self.instance)
        if form.instance.pk is None:
            return form
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, ChosenMixin) and (records := _read(form.instance, name)):
                widget.chosen = {
                    str(field.prepare_value(record)): field.label_from_instance(record)
                    for record in records
                    if record is not None
                }
        return form


def _read(instance, name: str) -> list | None:
    """The records `instance` already holds in its field `name` (joined or prefetched),
    or None if reading them would take a query."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        cache = getattr(instance, "_prefetched_objects_cache", {})
        return list(cache[name]) if name in cache else None
    return [getattr(instance, name)] if field.is_cached(instance) else None


class RowsReadOnceMixin:
    """For an inline: its rows read with the records their autocomplete boxes and
    read-only relations show, in one query and one per many-to-many box."""

    formset = InlineRowsFormSet

    def get_queryset(self, request):
        shown = {*self.get_autocomplete_fields(request), *self.get_readonly_fields(request)}
        fields = [
            field
            for field in [*self.opts.fields, *self.opts.many_to_many]
            if field.is_relation and field.name in shown
        ]
        queryset = super().get_queryset(request)
        if joined := [field.name for field in fields if not field.many_to_many]:
            queryset = queryset.select_related(*joined)  # without names it would join all
        return queryset.prefetch_related(*(f.name for f in fields if f.many_to_many))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            using = kwargs.get("using")
            kwargs.setdefault(
                "widget", ChosenAutocompleteSelect(db_field, self.admin_site, using=using)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            using = kwargs.get("using")
            kwargs.setdefault(
                "widget", ChosenAutocompleteSelectMultiple(db_field, self.admin_site, using=using)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class StackedInline(RowsReadOnceMixin, admin.StackedInline):
    pass
