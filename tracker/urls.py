from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from summits.access import read_permission_not_required
from summits.accounts import SignInView

admin.site.site_header = "Summit tracker"
admin.site.site_title = "Summit tracker admin"
admin.site.index_title = "Records"

# Logging in and out, and changing one's own password. No password-reset pages: they
# would mail anyone who asks and answer faster for unknown addresses. An administrator
# resets a password instead (`manage.py changepassword`, or the admin's user page).
accounts = [
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", read_permission_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password_change/",
        read_permission_not_required(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password_change/done/",
        read_permission_not_required(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(accounts)),
    path("api/", include("summits.api.urls")),
    path("", include("summits.urls")),
]
