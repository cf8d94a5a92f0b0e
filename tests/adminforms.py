"""What a browser posts back from an admin page, for tests that change one thing in it."""


def change_form_data(page) -> dict:
    """The form and inline formsets of an admin change page, posted back unchanged."""
    data = {}
    forms = [("", page.context["adminform"].form)]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {
            f"{formset.prefix}-TOTAL_FORMS": formset.total_form_count(),
            f"{formset.prefix}-INITIAL_FORMS": formset.initial_form_count(),
        }
        forms += [(f"{form.prefix}-", form) for form in formset.forms]
    for prefix, form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[f"{prefix}{name}"] = value
    return data
