"""Routes of the votes pages; web/urls.py appends them to the "web" namespace.
Town pages start with TOWN ("t/<slug:slug>/"); URL names start with "votes_".

Residents: votes/… (public pages and the ballot screens). Staff: office/votes/… (the tenancy
walk treats every office/ page as staff-only)."""

from django.urls import path

from . import ballot, office, office_run, public

TOWN = "t/<slug:slug>/"
V = TOWN + "votes/<int:vote_id>/"
O = TOWN + "office/votes/"  # noqa: E741
OV = O + "<int:vote_id>/"

urlpatterns: list = [
    path(TOWN + "votes/", public.votes_list, name="votes_list"),
    path(V, public.vote_detail, name="votes_detail"),
    path(TOWN + "v/<str:invitation_code>/", public.invitation, name="votes_invitation"),
    path(V + "ballot/", ballot.ballot_choice, name="votes_ballot"),
    path(V + "ballot/survey/", ballot.ballot_question, name="votes_question"),
    path(V + "ballot/review/", ballot.ballot_review, name="votes_review"),
    path(V + "ballot/cast/", ballot.ballot_cast_view, name="votes_cast"),
    path(V + "ballot/done/", ballot.ballot_done, name="votes_done"),
    path(V + "ballot/change/", ballot.ballot_restart, name="votes_change"),
    path(V + "receipt/", public.receipt_check, name="votes_receipt"),
    path(V + "results/", public.results, name="votes_results"),
    path(V + "results/ballots.csv", public.ballots_csv, name="votes_ballots_csv"),
    path(V + "results/ballots.json", public.ballots_json, name="votes_ballots_json"),
    # Staff
    path(O, office.office_list, name="votes_office"),
    path(O + "new/", office.vote_new, name="votes_office_new"),
    path(OV, office.vote_manage, name="votes_office_vote"),
    path(OV + "edit/", office.vote_edit, name="votes_office_edit"),
    path(OV + "options/", office.options, name="votes_office_options"),
    path(OV + "options/<int:option_id>/", office.option_edit, name="votes_office_option"),
    path(OV + "questions/", office.questions, name="votes_office_questions"),
    path(OV + "status/", office_run.transition, name="votes_office_transition"),
    path(OV + "next-month/", office_run.next_month, name="votes_office_next_month"),
    path(OV + "paper/", office_run.paper, name="votes_office_paper"),
    path(OV + "paper/people/", office_run.paper_people, name="votes_office_paper_people"),
    path(OV + "flags/", office_run.flags, name="votes_office_flags"),
    path(OV + "flags/<int:abuse_flag_id>/", office_run.flag_review, name="votes_office_flag"),
    path(OV + "log/", office_run.settings_log, name="votes_office_log"),
    path(OV + "invitations/", office_run.invitations, name="votes_office_invitations"),
    path(OV + "tally/", office_run.tally, name="votes_office_tally"),
    path(OV + "results/", office_run.staff_results, name="votes_office_results"),
]
