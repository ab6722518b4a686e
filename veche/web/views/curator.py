"""The territory curator's overview: the towns they curate side by side, aggregates only.

No town scope is open on this URL, so the view opens one over exactly the curated towns;
nothing here reads a person, only the rollups' counts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from veche.accounts.access import curated_territory_ids
from veche.accounts.otp import SecondFactorRequired
from veche.ledger.selectors import engagement_summaries, engagement_trends
from veche.ledger.snapshots import engagement_breakdowns_many
from veche.territories.scoping import towns_scope
from veche.territories.selectors import active_towns

from .. import charts


@login_required
def overview(request):
    ids = curated_territory_ids(request.user)
    if not ids:
        raise PermissionDenied(_("Этот раздел — для кураторов территорий."))
    if not request.user.is_verified():
        # The accounts middleware turns this into a redirect to the code page.
        raise SecondFactorRequired(_("Подтвердите вход вторым фактором (код из приложения)."))
    towns = list(active_towns().filter(pk__in=ids))
    with towns_scope(towns):
        summaries = engagement_summaries(territories=towns)
        trends = engagement_trends(territories=towns)
        stored = engagement_breakdowns_many(territories=towns)
    rows = []
    for t in towns:
        s = summaries[t.pk]
        rows.append({
            "town": t, "summary": s, "year": s["windows"][-1], **_funnel_columns(stored[t.pk]),
            "chart": charts.line(chart_id=f"trend-{t.slug}",
                                 title=_("%(town)s: активные жители по месяцам") % {"town": t.name},
                                 rows=trends[t.pk], value="active",
                                 headers=(_("Месяц"), _("Активных жителей"))),
        })
    comparison = charts.hbar(
        chart_id="share-compare", title=_("Доля активных жителей 14+ за год"),
        rows=[{"town": r["town"].name, "share": r["year"]["share"],
               "active": r["year"]["active"], "goal": r["summary"]["goal_share"]} for r in rows],
        label="town", value="share", fmt="percent", headers=(_("Город"), _("Доля за год")),
        extra=[("active", _("Активных за год"), "int"), ("goal", _("Цель"), "percent")],
    )
    repeated = charts.hbar(
        chart_id="repeated-compare", title=_("Повторно активные: доля от действовавших за год"),
        rows=[{"town": r["town"].name, "share": r["repeated_share"] or 0,
               "repeated": r["repeated"] or 0} for r in rows if r["stages"]],
        label="town", value="share", fmt="percent", headers=(_("Город"), _("Доля")),
        extra=[("repeated", _("Повторно активных"), "int")],
    )
    return render(request, "web/curator/overview.html", {"rows": rows, "comparison": comparison,
                                                         "repeated_chart": repeated})


def _funnel_columns(stored: dict | None) -> dict:
    """A town's funnel and new residents from its stored figures (None: still being counted)."""
    if stored is None:
        return {"stages": None, "repeated": None, "repeated_share": None, "new": None}
    stages = {s["code"]: s for s in stored["funnel"]["stages"]}
    return {"stages": stages, "repeated": stages["repeated"]["count"],
            "repeated_share": stages["repeated"]["of_previous"], "new": stored["origins"]["new"],
            "computed_at": stored["computed_at"]}
