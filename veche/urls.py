"""URL map. Town pages live under /t/<slug>/, the HTTP API under /api/v1/."""

from django.conf.urls.i18n import i18n_patterns  # noqa: F401 - language is chosen by cookie/header
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("veche.accounts.urls")),
    path("api/v1/", include("veche.api.urls")),
    path("", include("veche.web.urls")),
]
