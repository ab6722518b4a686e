"""The registry in the back office: search, add a person, open a person's card.

Opening a card calls `person_card_open` before anything about the person is rendered, so every
look at personal data is in the access log (152-FZ)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from veche.ledger.selectors import actions_in_town, person_profile
from veche.registry.consent import consent_state
from veche.registry.merges import merge_history
from veche.registry.models import Person
from veche.registry.paging import CappedPaginator
from veche.registry.selectors import attach_segments, person_in_town, persons_listing
from veche.registry.services import person_card_open, person_create

from ..forms import PersonForm, RegistryFilterForm, attach_errors
from .cabinet import client_ip, profile_chart
from .office import personal_data_required

REGISTRY_PAGE = 50
CARD_ACTIONS = 50


@personal_data_required
def registry(request, slug):
    t = request.territory
    form = RegistryFilterForm(request.GET, territory=t)
    found = persons_listing(territory=t, **form.search_kwargs())
    # The count stops at 1,000: «более 1 000 — уточните поиск» beats counting a third of a town.
    page = CappedPaginator(found.rows.select_related("activity"), REGISTRY_PAGE,
                           count_upto=found.count_upto, page_ids=found.page_ids,
                           ).get_page(request.GET.get("page"))
    attach_segments(page.object_list)
    context = {"form": form, "page": page}
    if request.htmx and request.htmx.target == "registry-results":
        return render(request, "web/office/registry_results.html", context)
    return render(request, "web/office/registry.html", context)


@personal_data_required
def person_new(request, slug):
    t = request.territory
    form = PersonForm(request.POST if request.method == "POST" else None, territory=t)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_create(
                territory=t, surname=data["surname"], given_name=data["given_name"],
                patronymic=data["patronymic"], birth_date=data["birth_date"],
                phone=data["phone"], email=data["email"], district=data["district"],
                building=data["building"], apartment=data["apartment"],
                segments=data["segments"], verification=data["verification"],
                source_kind=data["source_kind"], source_list=data["source_list"],
                recorded_by=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("%(name)s добавлен(а) в реестр.") % {
                "name": person.full_name})
            return redirect("web:office_person", slug=t.slug, person_id=person.pk)
    return render(request, "web/office/person_new.html", {"form": form},
                  status=400 if form.errors else 200)


@personal_data_required
def person_card(request, slug, person_id):
    t = request.territory
    try:
        person = person_in_town(territory=t, person_id=person_id)
    except Person.DoesNotExist:
        raise Http404(_("В реестре города нет такого человека.")) from None
    person_card_open(person=person, viewer=request.user, ip=client_ip(request),
                     purpose=_("карточка в реестре"))
    profile = person_profile(person=person)
    return render(request, "web/office/person_card.html", {
        "person": person,
        "facts": person.facts.select_related("source_list", "recorded_by")
                 .order_by("-recorded_at", "field"),
        "segments": list(person.segments.all()),
        "consents": consent_state(person),
        "profile": profile,
        "profile_chart": profile_chart(profile, "person-chart"),
        "actions": list(actions_in_town(territory=t, person=person)[:CARD_ACTIONS]),
        # Merges this record took part in, with their undo (registry/merges.py).
        "merges": list(merge_history(person=person)),
    })
