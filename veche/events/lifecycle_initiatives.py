"""The lifecycle table of a citizens' initiative (veche.accounts.contract.Lifecycle): proposed →
recruiting → in_progress → done / stopped. Its leader and the town's office move it (the leader
holds the pseudo-role LEADER for their own initiative: access_initiatives.initiative_roles).
The web's buttons, the API's `action` and the demo read this one table."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from veche.accounts.contract import Lifecycle, Step

from .access_initiatives import STEER
from .models import CitizenInitiative
from .services.initiatives import (
    initiative_finish,
    initiative_recruit,
    initiative_start,
    initiative_stop,
)

S = CitizenInitiative.Status

INITIATIVE = Lifecycle(
    name="citizen_initiative", obj_arg="initiative",
    steps=(
        Step(action="recruit", label=_("Открыть набор участников"), sources=frozenset({S.PROPOSED}),
             target=S.RECRUITING, service=initiative_recruit, roles=STEER,
             effect=_("Жители увидят, что группе нужны участники и волонтёры."),
             done=_("Набор участников открыт.")),
        Step(action="start", label=_("Начать реализацию"),
             sources=frozenset({S.PROPOSED, S.RECRUITING}), target=S.IN_PROGRESS,
             service=initiative_start, roles=STEER, done=_("Инициатива реализуется.")),
        Step(action="finish", label=_("Завершить с результатами"),
             sources=frozenset({S.IN_PROGRESS}), target=S.DONE, service=initiative_finish,
             roles=STEER, effect=_("Нужно описать результаты."),
             done=_("Инициатива завершена.")),
        Step(action="stop", label=_("Остановить"),
             sources=frozenset({S.PROPOSED, S.RECRUITING, S.IN_PROGRESS}), target=S.STOPPED,
             service=initiative_stop, roles=STEER, effect=_("Нужно указать причину."),
             done=_("Инициатива остановлена.")),
    ),
)
# Actions that need the results text (the web shows a text field with their button).
NEEDS_RESULTS = frozenset({"finish", "stop"})
