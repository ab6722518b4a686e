"""The knowledge base of template solutions: suggestions rank the town's and the network's
published solutions for an appeal's text, and an edit is seen at once."""

import pytest

from veche.appeals.knowledge import suggest_solutions
from veche.appeals.knowledge.services import solution_create, solution_update
from veche.territories.scoping import town_scope


@pytest.mark.django_db
def test_suggestions_rank_matching_solutions_first(aw, other_town):
    town = aw["town"]
    with town_scope(town):
        bump = solution_create(territory=None, title="Как установить «лежачего полицейского»",
                               problem="Машины ездят по двору быстро",
                               steps=["Собрание собственников", "Согласование с ГИБДД"],
                               keywords="искусственная неровность")
        light = solution_create(territory=town, title="Освещение двора",
                                problem="Не горят фонари", steps=["Заявка в Горэлектросеть"])
        hidden = solution_create(territory=town, title="Освещение подъезда (черновик)",
                                 problem="Фонарь", steps=["x"], is_published=False)
        got = suggest_solutions(territory=town, text="Водители гоняют, поставьте лежачий "
                                                     "полицейский у площадки")
        assert got[0] == bump and got[0].score > 0.1
        got = suggest_solutions(territory=town, text="у подъезда темно, фонарь не горит")
        assert got[0] == light and hidden not in got
        assert suggest_solutions(territory=town, text="") == []
        assert suggest_solutions(territory=town, text="бассейн абонемент") == []
        # An edit is seen at once (the cached vectors are rebuilt).
        solution_update(solution=light, title="Уличные фонари", problem="Не горят фонари",
                        steps=["Заявка"], keywords="фонарь освещение", is_published=False)
        assert light not in suggest_solutions(territory=town, text="фонарь не горит")
    with town_scope(other_town):
        # Network-wide solutions serve every town; another town's own ones do not.
        got = suggest_solutions(territory=other_town, text="лежачий полицейский; фонарь")
        assert bump in got and light not in got
