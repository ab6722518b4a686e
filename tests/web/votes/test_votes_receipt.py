"""The receipt on the pages (issue 15 p.6): shown once after the vote and never put in a URL,
checked by a POST form, and the pages say truthfully what it proves and who can link a ballot
to its voter."""

import re

import pytest
from django.test import Client

from veche.votes.models import Ballot, Participation
from veche.votes.selectors import receipt_verify
from veche.votes.services import ballot_cast

from .conftest import options_of, url

pytestmark = pytest.mark.django_db

CODE = re.compile(r'id="receipt-code">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<')


def text(response) -> str:
    return response.content.decode()


def vote_through_the_site(resident, town, vote):
    first = options_of(vote)[0]
    resident.post(url(town, "votes_ballot", vote.pk), {"option": first.pk, "next": "1"})
    return resident.post(url(town, "votes_cast", vote.pk))


def test_the_code_is_shown_once_after_the_vote_and_never_in_a_url(vt, vote_factory, resident):
    town, vote = vt["town"], vote_factory()
    sent = vote_through_the_site(resident, town, vote)
    assert sent.status_code == 302 and "code" not in sent["Location"]
    done = resident.get(sent["Location"])
    code = CODE.search(text(done)).group(1)
    assert receipt_verify(vote=vote, code=code)["found"]
    # The check button posts the code; no link on the page carries it.
    assert not re.search(r'href="[^"]*' + code, text(done))
    assert f'<input type="hidden" name="code" value="{code}">' in text(done)
    # Stored nowhere: not in the ballot, not in the participation, not in the session.
    assert not any(code.replace("-", "") in str(v)
                   for v in Ballot.objects.filter(vote=vote).values().get().values())
    assert Participation.objects.filter(vote=vote, person=vt["me"]).exists()
    assert code.replace("-", "") not in str(dict(resident.session.items()))
    # Later (the short-lived cookie gone) the page says it was shown once.
    resident.cookies.pop(f"veche_receipt_{vote.pk}")
    later = resident.get(url(town, "votes_done", vote.pk))
    assert later.status_code == 200 and not CODE.search(text(later))
    assert "показывается один раз" in text(later)


def test_the_pages_tell_who_can_link_a_ballot_to_its_voter(vt, vote_factory, resident):
    town = vt["town"]
    secret = vote_factory()
    changeable = vote_factory(allow_change=True)
    page = text(resident.get(url(town, "votes_detail", secret.pk)))
    assert "Квитанция не доказывает, кто подал бюллетень" in page
    assert "хранятся раздельно" in page and "хранит связь" not in page
    assert "код не связан с вашим именем" not in page
    page = text(resident.get(url(town, "votes_detail", changeable.pk)))
    assert "сервер хранит связь между вами и вашим бюллетенем" in page
    assert "администратор базы данных может узнать" in page
    done = resident.get(vote_through_the_site(resident, town, secret)["Location"])
    assert "хранятся раздельно" in text(done)
    assert "код не связан с вашим именем" not in text(done)


def test_the_receipt_is_checked_by_post_only(vt, vote_factory):
    town = vt["town"]
    vote = vote_factory()
    ballot = ballot_cast(vote=vote, person=vt["me"], answers={"option": options_of(vote)[0].pk})
    code = ballot.receipt_code
    client = Client(enforce_csrf_checks=True)
    form = client.get(url(town, "votes_receipt", vote.pk), {"code": code})
    # A code in the URL is not checked (it would sit in the logs): the form is shown empty.
    assert form.status_code == 200 and "Бюллетень учтён" not in text(form)
    assert f'value="{code}"' not in text(form) and 'method="post"' in text(form)
    token = client.cookies["csrftoken"].value
    assert client.post(url(town, "votes_receipt", vote.pk), {"code": code}).status_code == 403
    ok = client.post(url(town, "votes_receipt", vote.pk),
                     {"code": f"{code[:4].lower()} {code[4:]}", "csrfmiddlewaretoken": token})
    assert ok.status_code == 200 and "Бюллетень учтён" in text(ok)
    assert "Номер в цепочке он получит позже" in text(ok)
