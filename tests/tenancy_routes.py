"""What the tenancy walk walks: every Django route under t/<slug>/ (and the parameterless ones
outside towns) from the URL resolver, and every operation of the API's OpenAPI schema."""

import re
from dataclasses import dataclass, field

from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern


@dataclass
class Route:
    kind: str  # "page" (Django view under t/<slug>/), "api" (OpenAPI operation), "global"
    name: str  # URL name or "METHOD /path"
    template: str  # "/t/{town}/office/registry/{person_id}/"
    params: dict[str, str] = field(default_factory=dict)  # param -> converter ("int", "slug"…)
    methods: tuple[str, ...] = ("get", "post")
    public: bool = False
    staff_only: bool = False

    @property
    def in_town(self) -> bool:
        return "{town}" in self.template


def walk_patterns(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            yield prefix + str(p.pattern), p, f"{namespace}{p.name}" if p.name else ""


_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def page_routes(*, public_pages, staff_page: re.Pattern, no_post: re.Pattern
                ) -> tuple[list[Route], list[str]]:
    """Django routes under t/<slug>/ (API excluded: the schema lists it with methods) and
    parameterless routes outside towns; also the routes that cannot be walked, to report."""
    routes, skipped = [], []
    for route, pattern, name in walk_patterns(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/", "static/", "media/")):
            continue
        if not isinstance(pattern.pattern, RoutePattern):
            skipped.append(f"{route} (regex route)")
            continue
        params = {m["name"]: m["conv"] or "str" for m in _PARAM.finditer(route)}
        town = re.match(r"^t/<(?:\w+:)?(\w+)>/", route)
        template = "/" + _PARAM.sub(lambda m: "{" + m["name"] + "}", route)
        if town:
            template = template.replace("{" + town[1] + "}", "{town}", 1)
            params.pop(town[1])
            routes.append(Route(
                "page", name or route, template, params, public=name in public_pages,
                staff_only=bool(staff_page.search(route)),
                methods=("get",) if no_post.search(name or route) else ("get", "post"),
            ))
        elif no_post.search(name or route):
            skipped.append(f"{route} (ends the session)")
        elif not params:
            routes.append(Route("global", name or route, template, methods=("get",),
                                public=True))
        else:
            skipped.append(f"{route} (outside a town, with parameters)")
    return routes, skipped


def api_routes(client: Client) -> list[Route]:
    schema = client.get("/api/v1/openapi.json").json()
    routes = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            params = {p["name"]: p["schema"].get("type", "string") for p in op.get("parameters", [])
                      if p["in"] == "path" and p["name"] != "slug"}
            public = "security" not in op
            routes.append(Route(
                "api", f"{method.upper()} {path}", path.replace("{slug}", "{town}"), params,
                methods=(method,), public=public, staff_only=not public,
            ))
    return routes
