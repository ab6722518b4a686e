"""A vote's lifecycle: draft → published → open → closed → results published. One table, one
name per action, used by the staff page's buttons, the API's `…/transition` (its enum of actions
is `VOTE_LIFECYCLE.actions()`) and the demo. The services make the change and check the state
themselves, under a row lock, with a message naming the state the vote is in now."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.accounts.contract import Lifecycle, Step
from veche.accounts.models import User

from .access import MANAGE
from .models import Vote, VoteStatus
from .services.votes import vote_close, vote_open, vote_publish, vote_results_publish

VOTE_LIFECYCLE = Lifecycle(name="vote", obj_arg="vote", steps=(
    Step(action="publish", label=gettext_lazy("Опубликовать"),
         sources=frozenset({VoteStatus.DRAFT}), target=VoteStatus.PUBLISHED,
         service=vote_publish, roles=MANAGE,
         effect=gettext_lazy("Жители увидят голосование, его варианты и даты. Голоса пока не "
                             "принимаются."),
         done=gettext_lazy("Голосование опубликовано: жители его видят.")),
    Step(action="open", label=gettext_lazy("Открыть голосование"),
         sources=frozenset({VoteStatus.PUBLISHED}), target=VoteStatus.OPEN,
         service=vote_open, roles=MANAGE,
         effect=gettext_lazy("Жители смогут голосовать. После открытия нельзя менять вид "
                             "голосования, варианты, шкалу, бюджет и ценз."),
         done=gettext_lazy("Голосование открыто: голоса принимаются.")),
    Step(action="close", label=gettext_lazy("Завершить голосование"),
         sources=frozenset({VoteStatus.OPEN}), target=VoteStatus.CLOSED,
         service=vote_close, roles=MANAGE,
         effect=gettext_lazy("Голоса на сайте больше не принимаются; цепочка бюллетеней "
                             "закрывается и начинается итоговый подсчёт. Бумажные бюллетени "
                             "можно вносить до публикации итогов."),
         done=gettext_lazy("Голосование завершено: голоса больше не принимаются, идёт "
                           "подсчёт.")),
    Step(action="publish_results", label=gettext_lazy("Опубликовать итоги"),
         sources=frozenset({VoteStatus.CLOSED}), target=VoteStatus.RESULTS,
         service=vote_results_publish, roles=MANAGE,
         effect=gettext_lazy("Итоги, явка, вершина цепочки и файл бюллетеней станут видны "
                             "всем."),
         done=gettext_lazy("Итоги опубликованы: их видят все.")),
))


def vote_action(action: str, vote: Vote, *, by: User | None,
                roles: Iterable[str] | None = None) -> Vote:
    """Run one step of the table on `vote` (an unknown action is Http404; with `roles`, the
    holder must have one of the step's roles). The state is the service's to check: it reads
    the vote under a lock and says what the vote's state is now."""
    step = VOTE_LIFECYCLE.step(action)
    if roles is not None and not set(roles) & step.roles:
        raise PermissionDenied(_("У вас нет права на это действие."))
    return step.service(vote=vote, by=by)


def vote_actions_open(vote: Vote) -> list[Step]:
    """The steps a vote's staff page offers now (a template is not run by hand: each month's
    vote is made from it)."""
    return [] if vote.is_template else VOTE_LIFECYCLE.allowed(vote)
