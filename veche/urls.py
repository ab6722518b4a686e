"""URL map. Town pages live under /t/<slug>/, the HTTP API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("veche.accounts.urls")),
    path("api/v1/", include("veche.api.urls")),
    path("", include("veche.web.urls")),
]
