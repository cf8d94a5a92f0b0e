from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Summit tracker"
admin.site.site_title = "Summit tracker admin"
admin.site.index_title = "Records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("summits.urls")),
]
