"""What the tenancy walk walks: every Django route under t/<slug>/ (and the parameterless ones
outside towns) from the URL resolver, and every operation of the API's OpenAPI schema; how a
route's parameters are filled with a town's objects and how an answer is read for what it shows."""

import html
import io
import json
import re
import zipfile
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


# --- filling parameters and reading answers ----------------------------------------------------

# Parameters that name no object: the walk gives them a value the route accepts.
FIXED_PARAMS = {"fmt": "csv"}


def model_for(param: str, template: str, objects: dict) -> str | None:
    key = re.sub(r"(_id|_pk|_slug|_code)$", "", param.lower()).replace("_", "")
    if key in ("id", "pk", "slug", "code", "object"):
        # <int:pk> after "…/persons/": take the name from the segment before it.
        before = template.split("{" + param + "}")[0].rstrip("/").rsplit("/", 1)[-1]
        key = re.sub(r"(es|s)$", "", before.replace("-", "").replace("_", ""))
    for name in objects:
        if name == key or name.endswith(key) or key.endswith(name):
            return name
    return None


def fill(route: Route, town_slug: str, objects: dict) -> tuple[str, list[str]]:
    """The concrete URL for town `town_slug` with town-A objects; plus what could not be
    filled with a real object (reported by test_every_parameter_is_a_real_town_object)."""
    values, missing = {"town": town_slug}, []
    for param, conv in route.params.items():
        if param in FIXED_PARAMS:  # not an object: a file format and the like
            values[param] = FIXED_PARAMS[param]
            continue
        name = model_for(param, route.template, objects)
        obj = objects.get(name) if name else None
        if obj is None:
            missing.append(param)
            values[param] = "999999" if conv in ("int", "integer") else "unknown"
        elif conv in ("int", "integer"):
            values[param] = str(obj.pk)
        else:
            values[param] = str(getattr(obj, "slug", None) or getattr(obj, "code", None)
                                or obj.pk)
    return route.template.format(**values), missing


def visible_text(response) -> str:
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    parts = [response.get("Location", "")]
    if raw.startswith(b"PK"):  # XLSX / DOCX exports: scan every part of the archive
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = b"".join(archive.read(n) for n in archive.namelist())
    text = raw.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    parts.append(html.unescape(text))
    return "\n".join(parts)

