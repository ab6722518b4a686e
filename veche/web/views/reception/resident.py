"""Resident pages of the head's reception (mobile-first): the free times with a booking form,
the resident's own bookings with «Отменить»."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.appeals import access
from veche.appeals.reception.selectors import bookings_of_resident, slots_free
from veche.appeals.reception.services import booking_cancel, booking_create
from veche.appeals.selectors import my_person

from ...forms import attach_errors
from .forms import BookingForm

SHOWN = 60


@login_required
def slots(request, slug):
    """Free times and the visitor's own bookings (strangers have none)."""
    t = request.territory
    return render(request, "web/reception/slots.html", {
        "slots": slots_free(territory=t)[:SHOWN],
        "bookings": bookings_of_resident(request.user, t)[:20],
    })


@login_required
def book(request, slug, slot_id):
    t = request.territory
    slot = access.access_slot(request.user, t, slot_id)
    person = my_person(request.user, t)
    form = BookingForm(request.POST or None,
                       initial={"phone": person.phone if person else request.user.phone or ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking_create(slot=slot, user=request.user, question=data["question"],
                           phone=data["phone"], surname=data["surname"],
                           given_name=data["given_name"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Вы записаны на приём %(when)s, %(place)s.") % {
                "when": slot.starts_at.strftime("%d.%m.%Y %H:%M"), "place": slot.place})
            return redirect("web:reception_slots", slug=t.slug)
    return render(request, "web/reception/book.html", {
        "slot": slot, "form": form, "new_person": person is None,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def cancel(request, slug, booking_id):
    booking = access.access_own_booking(request.user, request.territory, booking_id)
    try:
        booking_cancel(booking=booking, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Запись отменена, время освободилось."))
    return redirect("web:reception_slots", slug=request.territory.slug)
