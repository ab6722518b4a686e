"""The public bank of practices, shared by the network: outside any town (/practices/…), it
reads the published practices of every town on purpose (``all_towns()``). Contacts and the
leader are shown only on a practice's own page, as the official published form has them."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from veche.accounts.models import Membership
from veche.practices.access import MANAGE, access_practice
from veche.practices.bank import selectors as sel
from veche.practices.bank.classifier import METHOD_EXAMPLES, SHORT_FUNCTION, SHORT_METHOD
from veche.practices.bank.exporting import passport_docx, passport_pdf
from veche.practices.bank.netmap import network_overview_svg, network_svg
from veche.practices.bank.search import BankFilters, filtered, search_practices
from veche.practices.bank.similar import similar_to_practice, similar_to_text
from veche.practices.models import Practice
from veche.territories.crosstown import of_user
from veche.territories.models import Territory
from veche.territories.scoping import all_towns

from .forms import BankFilterForm

PAGE = 20


def filter_form(request) -> tuple[BankFilterForm, BankFilters]:
    form = BankFilterForm(request.GET or None, towns=sel.bank_towns(), years=sel.bank_years(),
                          tags=sel.bank_tags(), topics=sel.bank_topics())
    f = BankFilters()
    if form.is_valid():
        f = BankFilters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    return form, f


def bank(request):
    form, f = filter_form(request)
    try:
        page_no = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page_no = 1
    with all_towns():
        found = search_practices(f, limit=PAGE, offset=(page_no - 1) * PAGE)
        problem = similar_to_text(f.q, limit=5) if f.q and not found.items else []
    paginator = Paginator(range(found.total), PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/practices/bank.html", {
        "form": form, "filters": f, "found": found, "page": paginator.get_page(page_no),
        "query": query.urlencode(), "problem_matches": problem,
        "short_method": SHORT_METHOD, "short_function": SHORT_FUNCTION,
    })


def matrix(request):
    with all_towns():
        m = sel.classifier_matrix(filtered(BankFilters()))
    return render(request, "web/practices/matrix.html", {"matrix": m,
                                                         "examples": METHOD_EXAMPLES})


def _published(request, practice_id: int) -> Practice:
    return access_practice(request.user, None, practice_id)


def detail(request, practice_id: int):
    practice = _published(request, practice_id)
    with all_towns():
        similar = similar_to_practice(practice)
        replications = sel.replications_of(practice)
        timeline = sel.lifecycle_timeline(practice)
    return render(request, "web/practices/detail.html", {
        "practice": practice, "sections": sel.sections_of(practice.current_version),
        "similar": similar, "replications": replications, "timeline": timeline,
        "map": network_svg(origin=practice.territory, replications=replications,
                           title=_("Где работает практика")),
        "short_method": SHORT_METHOD, "short_function": SHORT_FUNCTION,
        "adopt_towns": adopt_towns(request.user, practice),
    })


def adopt_towns(user, practice: Practice) -> list[Territory]:
    """Towns where the visitor is staff or head and could take the practice into work."""
    if not user.is_authenticated:
        return []
    ids = (of_user(Membership, user).filter(role__in=MANAGE)
           .exclude(territory_id=practice.territory_id).values_list("territory_id", flat=True))
    return list(Territory.objects.filter(pk__in=list(ids)).order_by("name"))


def passport_file(practice: Practice, fmt: str) -> HttpResponse:
    passport = sel.passport_of(practice.current_version)
    name = f"passport-{practice.pk}"
    if fmt == "pdf":
        response = HttpResponse(passport_pdf(passport), content_type="application/pdf")
    else:
        response = HttpResponse(
            passport_docx(passport), content_type="application/vnd.openxmlformats-"
            "officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def download(request, practice_id: int, fmt: str):
    if fmt not in ("docx", "pdf"):
        raise Http404
    return passport_file(_published(request, practice_id), fmt)


def similar(request):
    """«Similar practices» for a problem described in words; the asking town's neighbours
    first (the seed's rule)."""
    text = request.GET.get("text", "")[:5000]
    town = None
    if slug := request.GET.get("town"):
        town = Territory.objects.filter(slug=slug).first()
    with all_towns():
        results = similar_to_text(text, territory=town) if text.strip() else []
        towns = list(Territory.objects.filter(is_active=True).order_by("name"))
    return render(request, "web/practices/similar.html", {
        "text": text, "results": results, "town": town, "towns": towns})


def network(request):
    rows = sel.network_rows()
    return render(request, "web/practices/network.html", {
        "rows": rows, "map": network_overview_svg(rows) if rows else ""})
