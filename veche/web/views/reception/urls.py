"""Routes of the reception pages; web/urls.py appends them to the "web" namespace. Town pages
start with TOWN ("t/<slug:slug>/"); URL names start with "reception_"; staff pages live under
office/ (the tenancy walk treats office/ as staff-only)."""

from django.urls import path

from . import office, resident

TOWN = "t/<slug:slug>/"
OFFICE = TOWN + "office/reception/"
urlpatterns: list = [
    # Residents.
    path(TOWN + "reception/", resident.slots, name="reception_slots"),
    path(TOWN + "reception/<int:slot_id>/book/", resident.book, name="reception_book"),
    path(TOWN + "cabinet/reception/<int:booking_id>/cancel/", resident.cancel,
         name="reception_cancel"),
    # The head's office.
    path(OFFICE, office.schedule, name="reception_office"),
    path(OFFICE + "slots/<int:slot_id>/cancel/", office.slot_cancel,
         name="reception_slot_cancel"),
    path(OFFICE + "bookings/<int:booking_id>/", office.booking, name="reception_booking"),
    path(OFFICE + "bookings/<int:booking_id>/no-show/", office.no_show,
         name="reception_no_show"),
]
