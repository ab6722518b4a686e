"""The community's speakers, for the town's office: the list with appearances per quarter, a
search of the registry to mark a person as a speaker, one speaker's appearances and the form to
record another (at an event of the town, or in the media)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required
from veche.events import access_initiatives as acc
from veche.events.selectors import initiatives as sel
from veche.events.services import speakers as svc
from veche.registry.models import Person

from ...forms import attach_errors
from .initiative_forms import AppearanceForm, SpeakerMarkForm, SpeakerSearchForm

organise_required = role_required(acc.ORGANISE)


@organise_required
def speaker_list(request, slug):
    t = request.territory
    speakers, quarters = sel.speakers_with_counts(territory=t)
    search = SpeakerSearchForm(request.GET or None)
    found: list[Person] = []
    if search.is_valid() and len(search.cleaned_data["q"].strip()) >= 2:
        found = list(Person.objects.filter(
            territory=t, is_erased=False, merged_into__isnull=True,
            surname__icontains=search.cleaned_data["q"].strip()).order_by("surname", "id")[:20])
    return render(request, "events/speaker_list.html", {
        "speakers": speakers, "quarters": quarters, "search": search, "found": found,
        "mark_form": SpeakerMarkForm()})


@organise_required
@require_POST
def speaker_mark(request, slug):
    t = request.territory
    form = SpeakerMarkForm(request.POST)
    person = None
    if form.is_valid():
        person = Person.objects.filter(territory=t, is_erased=False,
                                       pk=form.cleaned_data["person_id"]).first()
    if person is None:
        messages.error(request, _("Выберите жителя из реестра этого города."))
        return redirect("web:events_speakers", slug)
    try:
        speaker = svc.speaker_mark(territory=t, person=person, by=request.user,
                                   topics=form.cleaned_data["topics"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("web:events_speakers", slug)
    messages.success(request, _("%(name)s — спикер сообщества.") % {"name": person.surname})
    return redirect("web:events_speaker", slug, speaker.pk)


@organise_required
def speaker_detail(request, slug, speaker_id):
    t = request.territory
    speaker = acc.access_speaker(request.user, t, speaker_id)
    form = AppearanceForm(request.POST or None, territory=t)
    if request.method == "POST" and form.is_valid():
        try:
            svc.appearance_record(speaker=speaker, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Выступление записано."))
            return redirect("web:events_speaker", slug, speaker.pk)
    return render(request, "events/speaker_detail.html", {
        "speaker": speaker, "appearances": list(sel.speaker_appearances(speaker=speaker)),
        "form": form}, status=400 if form.errors else 200)


@organise_required
@require_POST
def speaker_retire(request, slug, speaker_id):
    speaker = acc.access_speaker(request.user, request.territory, speaker_id)
    svc.speaker_retire(speaker=speaker, by=request.user)
    messages.info(request, _("Спикер больше не в списке активных."))
    return redirect("web:events_speakers", slug)
