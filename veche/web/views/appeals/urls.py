"""Routes of the appeals pages; web/urls.py appends them to the "web" namespace.
Town pages start with TOWN ("t/<slug:slug>/"); URL names start with "appeals_"."""

from django.urls import path

from . import control, notice, resident, staff

TOWN = "t/<slug:slug>/"
OFFICE = TOWN + "office/appeals/"
urlpatterns: list = [
    # Residents.
    path(TOWN + "appeals/new/", resident.appeal_new, name="appeals_new"),
    path(TOWN + "appeals/<int:appeal_id>/feedback/", resident.feedback_link,
         name="appeals_feedback_link"),
    path(TOWN + "appeals/photos/<int:attachment_id>/", resident.attachment,
         name="appeals_attachment"),
    path(TOWN + "cabinet/appeals/", resident.cabinet_list, name="appeals_cabinet"),
    path(TOWN + "cabinet/appeals/<int:appeal_id>/", resident.cabinet_detail,
         name="appeals_cabinet_detail"),
    path(TOWN + "cabinet/assignments/<int:assignment_id>/verdict/",
         resident.assignment_verdict, name="appeals_assignment_verdict"),
    # Staff.
    path(OFFICE, staff.registry, name="appeals_registry"),
    path(OFFICE + "new/", staff.register_new, name="appeals_register_new"),
    path(OFFICE + "applicants/", staff.applicant_search, name="appeals_applicant_search"),
    path(OFFICE + "solutions/", staff.solutions, name="appeals_solutions"),
    path(OFFICE + "control/", control.control, name="appeals_control"),
    path(OFFICE + "mine/", control.executor, name="appeals_executor"),
    path(OFFICE + "quality/", control.quality, name="appeals_quality"),
    path(OFFICE + "<int:appeal_id>/", staff.card, name="appeals_card"),
    path(OFFICE + "<int:appeal_id>/letters/<int:notification_id>.pdf", staff.letter,
         name="appeals_letter"),
    path(OFFICE + "<int:appeal_id>/register/", staff.register, name="appeals_register"),
    path(OFFICE + "<int:appeal_id>/registration.pdf", notice.office_notice,
         name="appeals_registration_notice"),
    path(TOWN + "cabinet/appeals/<int:appeal_id>/registration.pdf", notice.cabinet_notice,
         name="appeals_cabinet_registration_notice"),
    path(OFFICE + "<int:appeal_id>/status/", staff.status, name="appeals_status"),
    path(OFFICE + "<int:appeal_id>/extend/", staff.extend, name="appeals_extend"),
    path(OFFICE + "<int:appeal_id>/forward/", staff.forward, name="appeals_forward"),
    path(OFFICE + "<int:appeal_id>/answer/", staff.answer, name="appeals_answer"),
    path(OFFICE + "<int:appeal_id>/assign/", staff.assign, name="appeals_assign"),
    path(OFFICE + "assignments/<int:assignment_id>/report/", control.report,
         name="appeals_report"),
    path(OFFICE + "assignments/<int:assignment_id>/status/", control.assignment_status,
         name="appeals_assignment_status"),
    path(OFFICE + "assignments/<int:assignment_id>/delegate/", control.delegate,
         name="appeals_delegate"),
]
