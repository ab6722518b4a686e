"""Uploaded files under /media/: served only from the folders a capability declares in its
contract (`Capability.uploads`), to whom it says — anyone for a vote option's photo, the town's
staff for a project's evidence. Anything else under MEDIA_ROOT (registry imports, appeal photos,
which have their own access-checked views) answers 404 here, so a web server must not serve
MEDIA_ROOT wholesale either (docs/operations.md).

In production the file itself may be handed to nginx (`VECHE_MEDIA_ACCEL=/_media/`: an
`internal` location aliasing MEDIA_ROOT) once Django has checked the reader — the web server's
internal redirect; without it Django streams the file."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.static import serve

from veche.accounts.access import access_town_roles, needs_second_factor
from veche.accounts.contract import upload_for
from veche.accounts.models import Membership
from veche.accounts.otp import SecondFactorRequired, next_step_url
from veche.territories.crosstown import file_owner, of_user
from veche.territories.scoping import town_scope


def media(request, path: str) -> HttpResponseBase:
    upload = upload_for(path)
    if upload is None or ".." in path.split("/"):
        raise Http404(_("Файл не найден."))
    owner = file_owner(apps.get_model(upload.model), upload.field, path)
    if owner is None:
        raise Http404(_("Файл не найден."))
    if upload.roles is not None and not (upload.public is not None and upload.public(owner)):
        denied = _check(request, owner, upload)
        if denied is not None:
            return denied
    return media_response(request, path)


def _check(request, owner, upload) -> HttpResponseBase | None:
    """None if the reader may have the file; a redirect to log in or to the second factor."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    back = request.get_full_path()
    territory = owner.territory
    if territory is None:  # shared by the network (a template solution's file): any town's
        held = set(of_user(Membership, request.user).values_list("role", flat=True))
        if not held & upload.network_roles:
            raise PermissionDenied(_("У вас нет доступа к этому файлу."))
        if needs_second_factor(request.user, held) and not request.user.is_verified():
            return HttpResponseRedirect(next_step_url(request.user, back))
        return None
    # access_town_roles reads the town from the request; /media/ is not a town URL, so the town
    # is lent for the check only (a 403 page rendered later must not find it outside its scope).
    request.territory = territory
    try:
        with town_scope(territory):
            access_town_roles(request, upload.roles)
    except SecondFactorRequired:
        return HttpResponseRedirect(next_step_url(request.user, back))
    finally:
        request.territory = None
    return None


def media_response(request, path: str, *, filename: str = "",
                   content_type: str | None = None) -> HttpResponseBase:
    """The stored file `path` (relative to MEDIA_ROOT), after the caller checked the reader:
    through nginx's internal location where configured, else streamed by Django."""
    accel = getattr(settings, "VECHE_MEDIA_ACCEL", "")
    if accel:
        response = HttpResponse(content_type=content_type or "")
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + path
        if filename:
            response["Content-Disposition"] = content_disposition_header(False, filename) or ""
        return response
    if filename or content_type:
        from django.core.files.storage import default_storage

        if not default_storage.exists(path):
            raise Http404(_("Файл не найден."))
        return FileResponse(default_storage.open(path, "rb"), filename=filename,
                            content_type=content_type)
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))
