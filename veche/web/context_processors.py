"""What every page's shell needs: the town of the request and which menus the user may see.

The role lookups are lazy and cached on the request, so a page that never renders the menu (a
JSON download, an htmx fragment) pays no query for it.
"""

from django.utils.functional import SimpleLazyObject

from veche.accounts.access import curated_territory_ids, roles_in
from veche.accounts.contract import OFFICE
from veche.accounts.models import BACK_OFFICE_ROLES, PERSONAL_DATA_ROLES


def _nav(request) -> dict:
    user = request.user
    territory = getattr(request, "territory", None)
    roles: set[str] = set()
    curated: list[int] = []
    if user.is_authenticated:
        roles = getattr(request, "town_roles", None) or (
            roles_in(user, territory) if territory is not None else set()
        )
        curated = curated_territory_ids(user)
    return {
        "roles": roles,
        "back_office": bool(roles & BACK_OFFICE_ROLES),
        # The registry, imports, ledger and access log links: not shown to a moderator.
        "personal_data": bool(roles & PERSONAL_DATA_ROLES),
        # The administration's capability sections (appeals, meetings, practices…).
        "office": bool(roles & OFFICE),
        "curator": bool(curated),
    }


def shell(request):
    return {
        "territory": getattr(request, "territory", None),
        "nav": SimpleLazyObject(lambda: _nav(request)),
    }
