"""Pages of the web shell. Town pages sit under /t/<slug>/, where the tenancy middleware has
already resolved the town and opened its scope; the views read request.territory."""

from django.urls import path

from .views import (
    cabinet,
    curator,
    engagement,
    imports,
    language,
    media,
    office,
    population,
    public,
    registry,
    registry_lists,
    registry_review,
    registry_verify,
    warning_signs,
)
from .views.appeals import urls as appeals_urls
from .views.events import urls as events_urls
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
    path("curator/signs/", warning_signs.curator_signs, name="curator_signs"),
    path("curator/signs/<slug:town_slug>/", warning_signs.curator_town_signs,
         name="curator_town_signs"),
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
    path(town + "office/engagement/", engagement.dashboard, name="office_engagement"),
    path(town + "office/engagement/report.pdf", engagement.report, {"fmt": "pdf"},
         name="office_engagement_pdf"),
    path(town + "office/engagement/report.xlsx", engagement.report, {"fmt": "xlsx"},
         name="office_engagement_xlsx"),
    path(town + "curator/engagement/", engagement.curator_town, name="curator_town"),
    path(town + "curator/engagement/report.pdf", engagement.curator_report, {"fmt": "pdf"},
         name="curator_engagement_pdf"),
    path(town + "curator/engagement/report.xlsx", engagement.curator_report, {"fmt": "xlsx"},
         name="curator_engagement_xlsx"),
    path(town + "office/population/", population.population, name="office_population"),
    path(town + "office/time-zone/", population.time_zone, name="office_time_zone"),
    path(town + "office/registry/", registry.registry, name="office_registry"),
    path(town + "office/registry/new/", registry.person_new, name="office_person_new"),
    path(town + "office/registry/<int:person_id>/", registry.person_card, name="office_person"),
    path(town + "office/registry/imports/", imports.imports, name="office_imports"),
    path(town + "office/registry/imports/<int:import_id>/", imports.import_detail,
         name="office_import"),
    path(town + "office/registry/imports/<int:import_id>/report.<str:fmt>", imports.import_report,
         name="office_import_report"),
    # Issue 18: the review queue, merges' undo, the list of lists, confirming persons.
    path(town + "office/registry/review/", registry_review.review_queue, name="registry_review"),
    path(town + "office/registry/review/<int:candidate_id>/", registry_review.review_candidate,
         name="registry_review_candidate"),
    path(town + "office/registry/merges/<int:merge_id>/undo/", registry_review.merge_undo_view,
         name="registry_merge_undo"),
    path(town + "office/registry/lists/", registry_lists.lists_page, name="registry_lists"),
    path(town + "office/registry/lists.csv", registry_lists.lists_csv_view,
         name="registry_lists_csv"),
    path(town + "office/registry/lists.xlsx", registry_lists.lists_xlsx_view,
         name="registry_lists_xlsx"),
    path(town + "office/registry/verify/", registry_verify.verify_office, name="registry_verify"),
    # The person's page: ?k=<code> from the link, or a form to type the SMS's code.
    path(town + "verify/", registry_verify.verify, name="verify"),
    path(town + "office/ledger/", office.ledger, name="office_ledger"),
    path(town + "office/signs/", warning_signs.town_signs, name="office_signs"),
    path(town + "office/access-log/", office.access_log, name="office_access_log"),
    path(town + "office/topics/", office.topics, name="office_topics"),
    path(town + "office/topics/<int:topic_id>/active/", office.topic_active,
         name="office_topic_active"),
]

# Capability pages, each area in its own package under views/ (names start with the area).
for _area in (votes_urls, appeals_urls, meetings_urls, reception_urls, practices_urls,
              projects_urls, events_urls):
    urlpatterns += _area.urlpatterns
