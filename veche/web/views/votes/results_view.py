"""The results page's figures: turnout charts (SVG with data tables), the count per option in
words, the tie rule and the method explained (by the vote's kind, veche/votes/kinds/). Shared
by the public page and the staff view."""

from __future__ import annotations

from django.utils.translation import gettext as _

from veche.votes.counting import tie_break
from veche.votes.kinds import kind_of
from veche.votes.models import InvitationChannel

from ... import charts
from .display import money


def tally_rows(vote, result: dict) -> list[dict]:
    tally = result.get("tally") or {}
    scores = tally.get("scores") or {}
    winners = {str(w) for w in tally.get("winners") or []}
    costs = (tally.get("details") or {}).get("costs") or {}
    place = {str(o): i for i, o in enumerate(tally.get("ranking") or [], 1)}
    rows = []
    for number, opt in enumerate(result.get("options") or [], 1):
        key = str(opt["id"])
        cost = opt.get("cost") or costs.get(key)
        rows.append({"number": number, "text": opt["text"], "place": place.get(key),
                     "figure": scores.get(key, 0), "winner": key in winners,
                     "cost": money(cost) if cost else ""})
    rows.sort(key=lambda r: (r["place"] is None, r["place"] or 0))
    return rows


def tie_text(vote, result: dict) -> str:
    """The tie rule in the numbers residents saw on the ballot (1, 2, …). The count's own
    text names options by their ids, which only the ballot file uses."""
    options = result.get("options") or []
    if not options:
        return (result.get("tally") or {}).get("tie_rule", "")
    number = {o["id"]: i for i, o in enumerate(options, 1)}
    tb = tie_break(vote, [o["id"] for o in options])
    if tb.rule == "seeded":
        order = ", ".join(str(number[o]) for o in tb.order)
        return _("При равенстве выше ставится вариант, который стоит раньше в порядке, "
                 "вычисленном заранее из опубликованной затравки «%(seed)s» (sha256). "
                 "Номера вариантов в этом порядке: %(order)s.") % {"seed": tb.seed,
                                                                 "order": order}
    return _("При равенстве выше ставится вариант, который стоит раньше в бюллетене: "
             "вариант 1 раньше варианта 2 и так далее.")


def build(vote, result: dict, *, public: bool) -> dict:
    turnout = result.get("turnout") or {}
    inv = result.get("invitations") or {}
    channel_names = dict(InvitationChannel.choices)
    by_channel = [{"key": str(channel_names.get(r["key"], r["key"])), "ballots": r["ballots"]}
                  for r in inv.get("by_channel") or []]
    details = (result.get("tally") or {}).get("details") or {}
    kind = kind_of(vote)
    ctx = {
        "turnout": turnout,
        "rows": tally_rows(vote, result),
        "figure_label": kind.figure_label(vote),
        "method_text": kind.method_text(vote),
        "tie_rule": tie_text(vote, result),
        "ties": (result.get("tally") or {}).get("ties") or [],
        **kind.results_context(vote, details),
        "chain": result.get("chain") or {},
        "abuse": result.get("abuse") or {},
        "invited": inv.get("invited", 0),
        "district_chart": charts.hbar(
            chart_id="turnout-district", title=_("Явка по районам (доля имеющих право голоса)"),
            rows=turnout.get("by_district") or [], label="district", value="share",
            fmt="percent", headers=(_("Район"), _("Явка")),
            extra=[("ballots", _("Проголосовали"), "int"),
                   ("eligible", _("Имеют право голоса"), "int")]),
        "age_chart": charts.hbar(
            chart_id="turnout-age", title=_("Явка по возрасту (доля имеющих право голоса)"),
            rows=turnout.get("by_age_band") or [], label="band", value="share", fmt="percent",
            headers=(_("Возраст"), _("Явка")),
            extra=[("ballots", _("Проголосовали"), "int"),
                   ("eligible", _("Имеют право голоса"), "int")]),
        "channel_chart": charts.hbar(
            chart_id="invite-channel", title=_("Пришли по приглашениям: по каналам"),
            rows=by_channel, label="key", value="ballots",
            headers=(_("Канал"), _("Проголосовали"))),
        "campaign_chart": charts.hbar(
            chart_id="invite-campaign", title=_("Пришли по приглашениям: по кампаниям"),
            rows=inv.get("by_campaign") or [], label="key", value="ballots",
            headers=(_("Кампания"), _("Проголосовали"))),
    }
    if not public:
        # Inviters are registry persons: their names are for staff only.
        ctx["inviter_chart"] = charts.hbar(
            chart_id="invite-person", title=_("Пришли по приглашениям: кто приглашал"),
            rows=inv.get("by_inviter") or [], label="key", value="ballots",
            headers=(_("Кто приглашал"), _("Проголосовали")))
    return ctx
