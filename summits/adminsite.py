"""The admin site: its index in sections an analyst works by, not one list per app.

Installed as the default site (TrackerAdminConfig in INSTALLED_APPS), so `admin.site` and
every `@admin.register` stay as they are.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

# Section, then the models it lists in that order, as "app_label.ModelName". Models the
# index leaves out (link models, edited inline on their parents) say so themselves:
# their admin's has_module_permission.
SECTIONS = [
    (
        "Records",
        [
            "summits.Summit",
            "summits.SummitSeries",
            "summits.Meeting",
            "summits.Commission",
            "summits.ActionItem",
            "summits.StatusUpdate",
            "summits.OutcomeDocument",
            "summits.Agreement",
            "summits.Person",
            "summits.Organisation",
            "summits.Place",
            "summits.Source",
        ],
    ),
    (
        "Follow-up / intake",
        [
            "summits.ComplianceReport",
            "summits.ReportDraft",
            "summits.ReportImport",
            "summits.SavedView",
        ],
    ),
    ("Background work", ["summits.BackgroundTask"]),
    ("Reference data", ["summits.Country", "summits.Sector"]),
    ("Accounts", ["auth.User", "auth.Group"]),
    ("Sign-in attempts", ["axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"]),
]


class TrackerAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        """The index and the sidebar in SECTIONS; an app's own page (app_label) as Django
        lists it. A model no section names is listed under its app, after the sections."""
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        entries = {
            f"{app['app_label']}.{model['object_name']}": (app, model)
            for app in app_list
            for model in app["models"]
        }
        sections = []
        for name, wanted in SECTIONS:
            found = [entries.pop(key) for key in wanted if key in entries]
            if found:
                first_app = found[0][0]
                sections.append({**first_app, "name": name, "models": [m for _, m in found]})
        for app in app_list:
            rest = [m for m in app["models"] if f"{app['app_label']}.{m['object_name']}" in entries]
            if rest:
                sections.append({**app, "models": rest})
        return sections


class TrackerAdminConfig(AdminConfig):
    default_site = "summits.adminsite.TrackerAdminSite"
