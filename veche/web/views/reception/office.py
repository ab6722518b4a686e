"""The head's office pages of the reception: the schedule with a form to publish a time, the
booking's page where the reception is recorded (the question becomes an appeal, «личный
приём»), and the lifecycle's moves (withdraw a free time, «не пришёл»)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required
from veche.appeals import access
from veche.appeals.lifecycle import BOOKING, SLOT, offered, perform
from veche.appeals.reception.selectors import slots_office
from veche.appeals.reception.services import slot_publish

from ...forms import attach_errors
from .forms import RecordForm, SlotForm

reception_staff = role_required(access.RECEPTION)


def _starts_at(data) -> dt.datetime | None:
    if not data.get("day") or not data.get("time"):
        return None
    return timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))


@reception_staff
def schedule(request, slug):
    t = request.territory
    last = slots_office(territory=t).last()
    form = SlotForm(request.POST or None, initial={
        "minutes": 20, "place": last.place if last else "", "host": last.host if last else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slot = slot_publish(territory=t, starts_at=_starts_at(data), place=data["place"],
                                host=data["host"], minutes=data["minutes"] or 20,
                                by=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Время приёма %(when)s опубликовано: жители могут "
                                        "записаться.") % {
                "when": timezone.localtime(slot.starts_at).strftime("%d.%m.%Y %H:%M")})
            return redirect("web:reception_office", slug=t.slug)
    slots = list(slots_office(territory=t))
    for slot in slots:
        slot.booking = slot.holding[0] if slot.holding else None
        slot.can_cancel = "cancel" in offered(SLOT, slot) and slot.booking is None
    return render(request, "web/reception/office.html", {"form": form, "slots": slots},
                  status=400 if form.errors else 200)


@reception_staff
def booking(request, slug, booking_id):
    t = request.territory
    item = access.access_booking(request.user, t, booking_id)
    form = RecordForm(request.POST or None, territory=t, initial={"text": item.question})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = perform(BOOKING, "record", item, by=request.user, text=data["text"],
                             topic=data["topic"], reply_email=data["reply_email"] or None,
                             reply_postal=data["reply_postal"] or None)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Приём записан: обращение %(n)s зарегистрировано, "
                                        "ответ — до %(due)s.") % {
                "n": appeal.number, "due": appeal.answer_due.strftime("%d.%m.%Y")})
            return redirect("web:appeals_card", slug=t.slug, appeal_id=appeal.pk)
    return render(request, "web/reception/booking.html", {
        "booking": item, "form": form, "moves": offered(BOOKING, item),
    }, status=400 if form.errors else 200)


@require_POST
@reception_staff
def no_show(request, slug, booking_id):
    item = access.access_booking(request.user, request.territory, booking_id)
    try:
        perform(BOOKING, "no_show", item, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Отмечено: житель не пришёл."))
    return redirect("web:reception_office", slug=request.territory.slug)


@require_POST
@reception_staff
def slot_cancel(request, slug, slot_id):
    slot = access.access_slot(request.user, request.territory, slot_id, manage=True)
    try:
        perform(SLOT, "cancel", slot, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Время приёма отменено."))
    return redirect("web:reception_office", slug=request.territory.slug)
