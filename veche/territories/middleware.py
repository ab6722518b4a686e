"""One place that opens the tenancy scope for a request.

URLs under /t/<slug>/ and /api/v1/t/<slug>/ belong to one town: the middleware loads it, puts it
on `request.territory` and runs the view inside `scope(territory=...)` and the town's time zone.
Every other URL runs with no scope at all, so a view there that touches town-owned rows without
opening a scope itself (curator overview, cabinet index) fails with ScopeError instead of
showing every town.
"""

import re

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from .crosstown import all_towns
from .models import Territory

_TOWN_PATH = re.compile(r"^/(?:api/v1/)?t/(?P<slug>[-a-zA-Z0-9_]+)/")


class TerritoryScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.territory = None
        match = _TOWN_PATH.match(request.path_info)
        if not match:
            if request.path_info.startswith("/admin/"):
                # The Django admin is for platform admins only (is_staff), who see every town.
                with all_towns():
                    return self.get_response(request)
            return self.get_response(request)
        try:
            territory = Territory.objects.get(slug=match["slug"], is_active=True)
        except Territory.DoesNotExist:
            raise Http404(_("Нет такого города")) from None
        request.territory = territory
        # The town's pages speak its own clock (its time zone, not the server's Moscow time).
        with scope(territory=territory), timezone.override(territory.time_zone):
            return self.get_response(request)

