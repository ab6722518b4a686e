"""Towns of the network: public, no personal data."""

from ninja import Query, Router, Schema

from veche.territories.models import Territory
from veche.territories.selectors import active_towns

from ..errors import public
from ..pagination import PageParams, page_of, paginate

router = Router(tags=["Города"])


class TerritoryOut(Schema):
    slug: str
    name: str
    region: str
    kind: str
    kind_label: str
    population_total: int
    population_14_plus: int
    engagement_goal: float

    @staticmethod
    def resolve_kind_label(obj: Territory) -> str:
        return str(obj.get_kind_display())


@router.get("/territories/", response=public({200: page_of(TerritoryOut)}), summary="Города сети")
def territory_list(request, params: Query[PageParams]):
    """Active towns with their population aged 14+ and engagement goal (share of residents)."""
    return paginate(request, active_towns().order_by("name"), params)
