"""Routes of the projects pages; web/urls.py appends them to the "web" namespace.
Town pages start with TOWN ("t/<slug:slug>/"); URL names start with "projects_".

Staff: office/project/… and office/scorecard/… (the tenancy walk treats every office/ page as
staff-only). Experts: expert/…. Curators: curator/scorecard/ (their towns) and
t/<slug>/curator/scorecard/ (one town's assessment and cut-offs)."""

from django.urls import path

from . import bodies, expert, plans, running, scorecard, scorecard_settings, stages

TOWN = "t/<slug:slug>/"
P = TOWN + "office/project/"
S = TOWN + "office/scorecard/"

urlpatterns: list = [
    path(P, stages.home, name="projects_home"),
    path(P + "stage/", stages.stage_set, name="projects_stage_set"),
    path(P + "marks/", stages.mark, name="projects_mark"),
    path(P + "problems/", stages.problems, name="projects_problems"),
    path(P + "initiatives/", stages.initiatives, name="projects_initiatives"),
    path(P + "initiatives/<int:initiative_id>/status/", stages.initiative_status,
         name="projects_initiative_status"),
    path(P + "bodies/", bodies.bodies, name="projects_bodies"),
    path(P + "bodies/<int:body_id>/", bodies.body, name="projects_body"),
    path(P + "members/<int:bodymember_id>/remove/", bodies.member_remove,
         name="projects_member_remove"),
    path(P + "sessions/<int:bodysession_id>/", bodies.session, name="projects_session"),
    path(P + "expertise/", expert.expertise, name="projects_expertise"),
    path(P + "shortlists/<int:shortlist_id>/", expert.shortlist, name="projects_shortlist"),
    path(P + "shortlists/<int:shortlist_id>/vote/", expert.shortlist_vote,
         name="projects_shortlist_vote"),
    path(P + "plans/", plans.plans, name="projects_plans"),
    path(P + "plans/<int:implementationplan_id>/", plans.plan, name="projects_plan"),
    path(P + "plans/<int:implementationplan_id>/records/", running.plan_records,
         name="projects_plan_records"),
    path(P + "sessions/<int:bodysession_id>/passports/", bodies.passport_selection,
         name="projects_passport_selection"),
    path(P + "shortlists/<int:shortlist_id>/winners/", expert.shortlist_winners,
         name="projects_shortlist_winners"),
    path(TOWN + "problems/", running.public_problems, name="projects_public_problems"),
    path(TOWN + "practices-running/", running.public_practices,
         name="projects_public_practices"),
    path(S, scorecard.town_scorecard, name="projects_scorecard"),
    path(S + "recompute/", scorecard.town_recompute, name="projects_scorecard_recompute"),
    path(S + "facts/", scorecard.facts, name="projects_facts"),
    path(S + "facts/<int:improvementfact_id>/recognize/", scorecard.fact_recognize_view,
         name="projects_fact_recognize"),
    path(S + "external/", scorecard.external, name="projects_external"),
    path(S + "events/", scorecard.events, name="projects_events"),
    path(TOWN + "expert/", expert.expert_home, name="projects_expert"),
    path(TOWN + "expert/initiatives/<int:initiative_id>/", expert.expert_initiative,
         name="projects_expert_initiative"),
    path(TOWN + "expert/practices/<int:practice_id>/", expert.expert_practice,
         name="projects_expert_practice"),
    path(TOWN + "curator/scorecard/", scorecard.curator_town, name="projects_curator_town"),
    path("curator/scorecard/", scorecard.curator_scorecard, name="projects_curator_scorecard"),
    path("curator/scorecard/export.xlsx", scorecard.curator_export,
         name="projects_curator_export"),
    path("curator/scorecard/settings/", scorecard_settings.scorecard_settings,
         name="projects_curator_settings"),
]
