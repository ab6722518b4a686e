"""Pages of the web shell. Town pages sit under /t/<slug>/, where the tenancy middleware has
already resolved the town and opened its scope; the views read request.territory."""

from django.urls import path

from .views import (
    cabinet,
    curator,
    imports,
    language,
    media,
    office,
    population,
    public,
    registry,
)
from .views.appeals import urls as appeals_urls
from .views.meetings import urls as meetings_urls
from .views.practices import urls as practices_urls
from .views.projects import urls as projects_urls
from .views.reception import urls as reception_urls
from .views.votes import urls as votes_urls

app_name = "web"

town = "t/<slug:slug>/"
urlpatterns = [
    path("", public.home, name="home"),
    path("curator/", curator.overview, name="curator"),
    path("language/", language.switch, name="language"),
    # Uploaded files, by the folders capabilities declare (Capability.uploads), to whom they say.
    path("media/<path:path>", media.media, name="media"),
    path(town, public.town_home, name="town_home"),
    path(town + "topics/", public.topics, name="topics"),
    path(town + "cabinet/", cabinet.cabinet, name="cabinet"),
    path(town + "cabinet/consents/", cabinet.consent_change, name="cabinet_consent"),
    path(town + "cabinet/export/", cabinet.export, name="cabinet_export"),
    path(town + "cabinet/erase/", cabinet.erase, name="cabinet_erase"),
    path(town + "office/", office.dashboard, name="office"),
    path(town + "office/population/", population.population, name="office_population"),
    path(town + "office/time-zone/", population.time_zone, name="office_time_zone"),
    path(town + "office/registry/", registry.registry, name="office_registry"),
    path(town + "office/registry/new/", registry.person_new, name="office_person_new"),
    path(town + "office/registry/<int:person_id>/", registry.person_card, name="office_person"),
    path(town + "office/registry/imports/", imports.imports, name="office_imports"),
    path(town + "office/registry/imports/<int:import_id>/", imports.import_detail,
         name="office_import"),
    path(town + "office/ledger/", office.ledger, name="office_ledger"),
    path(town + "office/access-log/", office.access_log, name="office_access_log"),
    path(town + "office/topics/", office.topics, name="office_topics"),
    path(town + "office/topics/<int:topic_id>/active/", office.topic_active,
         name="office_topic_active"),
]

# Capability pages, each area in its own package under views/ (names start with the area).
for _area in (votes_urls, appeals_urls, meetings_urls, reception_urls, practices_urls,
              projects_urls):
    urlpatterns += _area.urlpatterns
