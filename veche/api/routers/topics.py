"""The town's catalogue of city topics: public to read, staff and head add topics."""

from ninja import Field, Query, Router, Schema, Status

from veche.territories.selectors import town_topics
from veche.territories.services import topic_create

from ..errors import protected, public
from ..pagination import PageParams, page_of, paginate
from ..security import TOWN_STAFF

router = Router(tags=["Темы города"])


class TopicOut(Schema):
    slug: str
    name: str
    description: str
    is_active: bool
    order: int


class TopicIn(Schema):
    name: str = Field(..., description="Название темы, например «Благоустройство»")
    description: str = ""
    order: int = Field(0, ge=0, le=10000)


class TopicFilters(PageParams):
    include_inactive: bool = Field(False, description="Показать и неактуальные темы")


@router.get("/t/{slug}/topics/", response=public({200: page_of(TopicOut)}), summary="Темы города")
def topic_list(request, slug: str, filters: Query[TopicFilters]):
    qs = town_topics(territory=request.territory, only_active=not filters.include_inactive)
    return paginate(request, qs, filters)


@router.post("/t/{slug}/topics/", response=protected({201: TopicOut}), auth=TOWN_STAFF,
             summary="Добавить тему")
def topic_add(request, slug: str, payload: TopicIn):
    topic = topic_create(territory=request.territory, name=payload.name,
                         description=payload.description, order=payload.order)
    return Status(201, topic)
