"""The lifecycle table of an event (veche.accounts.contract.Lifecycle): announce, mark held,
report results, cancel — one name for each action in the web's buttons, the API's `action`
enum and the demo. The services check the state again and say what is wrong in their words."""

from django.utils.translation import gettext_lazy as _

from veche.accounts.contract import Lifecycle, Step

from .access import MANAGE
from .lifecycle_initiatives import INITIATIVE
from .models import EventStatus
from .services.events import event_announce, event_cancel, event_mark_held, event_report

EVENT = Lifecycle(name="event", obj_arg="event", steps=(
    Step(action="announce", label=_("Объявить"), sources=frozenset({EventStatus.DRAFT}),
         target=EventStatus.ANNOUNCED, service=event_announce, roles=MANAGE,
         effect=_("Жители увидят мероприятие и смогут зарегистрироваться."),
         done=_("Мероприятие объявлено.")),
    Step(action="hold", label=_("Отметить проведённым"),
         sources=frozenset({EventStatus.ANNOUNCED}), target=EventStatus.HELD,
         service=event_mark_held, roles=MANAGE, done=_("Мероприятие отмечено проведённым.")),
    Step(action="report", label=_("Подвести итоги"), sources=frozenset({EventStatus.HELD}),
         target=EventStatus.REPORTED, service=event_report, roles=MANAGE,
         done=_("Итоги подведены.")),
    Step(action="cancel", label=_("Отменить"),
         sources=frozenset({EventStatus.DRAFT, EventStatus.ANNOUNCED}),
         target=EventStatus.CANCELLED, service=event_cancel, roles=MANAGE,
         effect=_("Мероприятие исчезнет из афиши; зарегистрированные увидят отмену."),
         done=_("Мероприятие отменено.")),
))

LIFECYCLES: tuple[Lifecycle, ...] = (EVENT, INITIATIVE)
