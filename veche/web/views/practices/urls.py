"""Routes of the practices pages; web/urls.py appends them to the "web" namespace.
Town pages start with TOWN ("t/<slug:slug>/"); URL names start with "practices_".
The public bank is the network's, so its pages live outside any town (/practices/…)."""

from django.urls import path

from . import office, public, replication

TOWN = "t/<slug:slug>/"
OFFICE = TOWN + "office/practices/"
ONE = OFFICE + "<int:practice_id>/"
urlpatterns: list = [
    path("practices/", public.bank, name="practices_bank"),
    path("practices/matrix/", public.matrix, name="practices_matrix"),
    path("practices/similar/", public.similar, name="practices_similar"),
    path("practices/network/", public.network, name="practices_network"),
    path("practices/<int:practice_id>/", public.detail, name="practices_detail"),
    path("practices/<int:practice_id>/passport.docx", public.download, {"fmt": "docx"},
         name="practices_docx"),
    path("practices/<int:practice_id>/passport.pdf", public.download, {"fmt": "pdf"},
         name="practices_pdf"),
    path(OFFICE, office.practice_list, name="practices_office"),
    path(OFFICE + "import/", office.practice_import, name="practices_office_import"),
    path(ONE, office.practice_detail, name="practices_office_detail"),
    path(ONE + "edit/", office.practice_edit, name="practices_office_edit"),
    path(ONE + "classify/", office.practice_classify, name="practices_office_classify"),
    path(ONE + "move/", office.practice_move, name="practices_office_move"),
    path(ONE + "publish/", office.practice_publish, name="practices_office_publish"),
    path(ONE + "versions/<int:version_id>/", office.practice_version,
         name="practices_office_version"),
    path(ONE + "passport.docx", office.practice_download, {"fmt": "docx"},
         name="practices_office_docx"),
    path(ONE + "passport.pdf", office.practice_download, {"fmt": "pdf"},
         name="practices_office_pdf"),
    path(TOWN + "office/replications/new/", replication.replication_new,
         name="practices_replication_new"),
    path(TOWN + "office/replications/<int:replication_id>/", replication.replication_edit,
         name="practices_replication"),
]
