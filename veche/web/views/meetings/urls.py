"""Routes of the meetings pages; web/urls.py appends them to the "web" namespace.
Town pages start with TOWN ("t/<slug:slug>/"); URL names start with "meetings_".
Staff pages live under office/ (the tenancy walk treats office/ as staff-only)."""

from django.urls import path

from . import figures, knowledge, office, planning, public

TOWN = "t/<slug:slug>/"
M = TOWN + "meetings/<int:meeting_id>/"
OFFICE = TOWN + "office/meetings/"
urlpatterns: list = [
    # Public: the schedule, one meeting, a question in advance, the posters.
    path(TOWN + "meetings/", public.schedule, name="meetings_public_list"),
    path(M, public.detail, name="meetings_public_detail"),
    path(M + "ask/", public.ask, name="meetings_ask"),
    path(M + "poster.pdf", public.poster, name="meetings_poster"),
    path(M + "results.pdf", public.results_poster, name="meetings_results_poster"),
    # Staff.
    path(OFFICE, office.meeting_list, name="meetings_office"),
    path(OFFICE + "plan/", planning.plan, name="meetings_plan"),
    path(OFFICE + "figures/", figures.dashboard, name="meetings_figures"),
    path(OFFICE + "figures.xlsx", figures.dashboard_xlsx, name="meetings_figures_xlsx"),
    path(OFFICE + "recurring/", knowledge.recurring, name="meetings_recurring"),
    path(OFFICE + "recurring/<int:recurringquestion_id>/", knowledge.recurring_detail,
         name="meetings_recurring_detail"),
    path(OFFICE + "solutions/", knowledge.solutions, name="meetings_solutions"),
    path(OFFICE + "solutions/suggest/", knowledge.solution_suggest,
         name="meetings_solution_suggest"),
    path(OFFICE + "solutions/<int:solution_id>/", knowledge.solution, name="meetings_solution"),
    path(OFFICE + "<int:meeting_id>/", office.meeting_detail, name="meetings_detail"),
    path(OFFICE + "<int:meeting_id>/record/", office.meeting_record, name="meetings_record"),
    path(OFFICE + "<int:meeting_id>/status/", office.meeting_status, name="meetings_status"),
    path(OFFICE + "<int:meeting_id>/minutes.docx", office.minutes_docx,
         name="meetings_minutes_docx"),
    path(OFFICE + "<int:meeting_id>/minutes.pdf", office.minutes_pdf,
         name="meetings_minutes_pdf"),
    path(OFFICE + "questions/<int:meetingquestion_id>/publish/", office.question_publish,
         name="meetings_question_publish"),
]
