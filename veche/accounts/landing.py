"""Where a fresh login lands when it did not ask for a page (`next`): each role on its own desk,
not on the list of towns. Pages are named by URL name only, so accounts imports no app above it.

One login may hold several roles in several towns: the first role in LANDING_ORDER wins, and
among its towns the one joined first (a staff member who also lives in town B works in town A).
"""

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse

from veche.territories.crosstown import of_user

from .models import Membership, Role

# role → the URL name of its desk; town pages take the town's slug.
DESKS: dict[str, str] = {
    Role.HEAD: "web:office",
    Role.STAFF: "web:office",
    Role.CURATOR: "web:projects_curator_scorecard",  # across towns: no slug
    Role.MODERATOR: "web:votes_office",
    Role.EXPERT: "web:projects_expert",
    Role.MEMBER: "web:town_home",
    Role.ENTERPRISE: "web:town_home",
    Role.RESIDENT: "web:town_home",
}
LANDING_ORDER = [Role.HEAD, Role.STAFF, Role.CURATOR, Role.MODERATOR, Role.EXPERT, Role.MEMBER,
                 Role.ENTERPRISE, Role.RESIDENT]
_CROSS_TOWN = {Role.CURATOR: "web:curator"}  # the fallback if the scorecard is not installed


def landing_url(user) -> str:
    """The desk of the user's first role (LANDING_ORDER), or LOGIN_REDIRECT_URL without one."""
    rows = list(of_user(Membership, user).select_related("territory")
                .filter(territory__is_active=True).order_by("created_at", "id"))
    for role in LANDING_ORDER:
        membership = next((m for m in rows if m.role == role), None)
        if membership is None:
            continue
        try:
            if role in _CROSS_TOWN:
                return reverse(DESKS[role])
            return reverse(DESKS[role], args=[membership.territory.slug])
        except NoReverseMatch:
            if role in _CROSS_TOWN:
                return reverse(_CROSS_TOWN[role])
            return reverse("web:town_home", args=[membership.territory.slug])
    return resolve_url(settings.LOGIN_REDIRECT_URL)
