"""The head's reception by appointment (seed 002: «прием граждан в администрации по
предварительной записи»): the office publishes slots, a resident books one, and the record of
the reception becomes an appeal with the channel «личный приём»."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veche.registry.models import Person
from veche.territories.models import TownOwnedCreated

from .appeals import Appeal

__all__ = ["ReceptionSlot", "ReceptionBooking", "SlotStatus", "BookingStatus"]


class SlotStatus(models.TextChoices):
    OPEN = "open", _("открыт для записи")
    CANCELLED = "cancelled", _("отменён")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("записан")
    CANCELLED = "cancelled", _("запись отменена")
    HELD = "held", _("приём состоялся")
    NO_SHOW = "no_show", _("не пришёл")


# A booking that holds its slot: only one such per slot (the database says so).
HOLDING = ("booked", "held", "no_show")


class ReceptionSlot(TownOwnedCreated):
    """One appointment: a date and time, a place, who receives; capacity one person."""

    starts_at = models.DateTimeField(_("начало"))
    minutes = models.PositiveSmallIntegerField(_("длительность, минут"), default=20)
    place = models.CharField(_("место"), max_length=300)
    host = models.CharField(_("кто ведёт приём"), max_length=200)
    # The seed's reception is one resident at a time; the column states it for the API.
    capacity = models.PositiveSmallIntegerField(_("мест"), default=1)
    status = models.CharField(max_length=10, choices=SlotStatus.choices,
                              default=SlotStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("время приёма")
        verbose_name_plural = _("время приёма")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity=1), name="reception_slot_one"),
            models.UniqueConstraint(fields=["territory", "starts_at", "place"],
                                    name="reception_slot_unique"),
        ]
        indexes = [models.Index(fields=["territory", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.starts_at:%d.%m.%Y %H:%M}, {self.place}"


class ReceptionBooking(TownOwnedCreated):
    """A resident's booking of a slot, with the question they come with; the record of the
    reception is an appeal (`appeal`)."""

    slot = models.ForeignKey(ReceptionSlot, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    question = models.TextField(_("вопрос"), max_length=2000)
    phone = models.CharField(_("телефон"), max_length=16, blank=True)
    status = models.CharField(max_length=10, choices=BookingStatus.choices,
                              default=BookingStatus.BOOKED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    appeal = models.OneToOneField(Appeal, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="reception_booking")

    class Meta:
        ordering = ["slot__starts_at", "id"]
        constraints = [
            # One booking per slot: two residents tapping «Записаться» at once cannot both
            # get it; a cancelled booking frees the slot.
            models.UniqueConstraint(fields=["slot"], condition=models.Q(status__in=HOLDING),
                                    name="reception_one_booking_per_slot"),
        ]
        indexes = [models.Index(fields=["territory", "person", "status"])]

    def __str__(self) -> str:
        return f"{self.slot}: {self.person_id}"
