"""An applicant who gave only a postal address gets the answer on paper (59-FZ art. 10 p. 4):
the appeal card offers the letter as a PDF to print, with the addressee, the appeal's number
and the answer itself; opening it is logged as access to personal data."""

from tests.appeals.meetings.pdftext import pdf_text
from veche.appeals.factories import make_appeal
from veche.appeals.models import AppealNotification
from veche.appeals.services import appeal_answer
from veche.registry.models import CardAccess
from veche.territories.scoping import town_scope


def _answered_by_post(aw):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["other"], reply_email="",
                             reply_postal="624130, ул. Мира, 3, кв. 1")
        appeal_answer(appeal=appeal, text="Фонарь у подъезда заменён 12 мая.", actor=aw["desk"])
        notice = AppealNotification.objects.get(appeal=appeal, kind="answered", channel="post")
    return appeal, notice


def test_the_desk_prints_the_answer_letter_from_the_card(aw, as_user):
    appeal, notice = _answered_by_post(aw)
    assert notice.outcome == "to_print"
    desk = as_user(aw["desk"])
    card = desk.get(f"/t/zarechny/office/appeals/{appeal.pk}/").content.decode()
    url = f"/t/zarechny/office/appeals/{appeal.pk}/letters/{notice.pk}.pdf"
    assert url in card and "письмо для печати" in card
    response = desk.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Соседов" in text and "ул. Мира, 3, кв. 1" in text
    assert appeal.number in text and "Фонарь у подъезда заменён 12 мая." in text
    # A link cannot be followed from paper: the letter says where to rate the answer.
    assert "http" not in text and "личном кабинете" in text
    with town_scope(aw["town"]):
        purposes = set(CardAccess.objects.filter(person=aw["other"])
                       .values_list("purpose", flat=True))
    assert purposes == {f"карточка обращения {appeal.number}",
                        f"письмо заявителю по обращению {appeal.number}"}


def test_only_the_post_notices_of_a_visible_appeal_print(aw, as_user):
    appeal, notice = _answered_by_post(aw)
    with town_scope(aw["town"]):
        emailed = make_appeal(aw["town"], aw["me"])
        appeal_answer(appeal=emailed, text="Яма засыпана.", actor=aw["desk"])
        email_notice = AppealNotification.objects.filter(appeal=emailed, channel="email").first()
    desk = as_user(aw["desk"])
    office = "/t/zarechny/office/appeals/"
    assert desk.get(f"{office}{emailed.pk}/letters/{email_notice.pk}.pdf").status_code == 404
    assert desk.get(f"{office}{emailed.pk}/letters/{notice.pk}.pdf").status_code == 404
    assert desk.get(f"{office}{appeal.pk}/letters/{notice.pk}.pdf").status_code == 200
    # An executor of another department does not see the appeal, nor its letter.
    url = f"{office}{appeal.pk}/letters/{notice.pk}.pdf"
    assert as_user(aw["roads"]).get(url).status_code == 404
    assert as_user(aw["resident"], verified=False).get(url).status_code in (302, 403)


def test_an_emailed_answer_keeps_its_text_on_the_card(aw, as_user, mailoutbox):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        appeal_answer(appeal=appeal, text="Яма засыпана.", actor=aw["desk"])
        notice = AppealNotification.objects.get(appeal=appeal, kind="answered", channel="email")
    assert "Яма засыпана." in notice.text and notice.subject == mailoutbox[0].subject
    card = as_user(aw["desk"]).get(f"/t/zarechny/office/appeals/{appeal.pk}/").content.decode()
    assert "Яма засыпана." in card


def test_the_api_card_lists_the_notices_and_serves_the_letter(aw, as_user):
    appeal, notice = _answered_by_post(aw)
    desk = as_user(aw["desk"])
    card = desk.get(f"/api/v1/t/zarechny/appeals/{appeal.pk}").json()
    post = next(n for n in card["notices"] if n["channel"] == "post")
    assert post["outcome"] == "to_print" and "заменён 12 мая" in post["text"]
    assert post["letter"] == f"/api/v1/t/zarechny/appeals/{appeal.pk}/letters/{notice.pk}.pdf"
    letter = desk.get(post["letter"])
    assert letter.status_code == 200 and "Соседов" in pdf_text(letter.content)
    missing = desk.get(f"/api/v1/t/zarechny/appeals/{appeal.pk}/letters/{notice.pk + 99}.pdf")
    assert missing.status_code == 404 and "Письма" in missing.json()["detail"]


def test_a_registered_appeal_has_a_printable_registration_notice(aw, as_user, settings):
    settings.VECHE_SITE_URL = "https://veche.zarechny.ru"
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        waiting = make_appeal(aw["town"], aw["me"], channel="web", register=False)
    office = f"/t/zarechny/office/appeals/{appeal.pk}/registration.pdf"
    desk = as_user(aw["desk"])
    assert office in desk.get(f"/t/zarechny/office/appeals/{appeal.pk}/").content.decode()
    text = " ".join(pdf_text(desk.get(office).content).split())
    assert "Уведомление о регистрации обращения" in text and appeal.number in text
    assert f"не позднее {appeal.answer_due:%d.%m.%Y}" in text and "59-ФЗ" in text
    assert f"https://veche.zarechny.ru/t/zarechny/cabinet/appeals/{appeal.pk}/" in text
    # the applicant prints it from the cabinet; nobody else can, nor before registration
    mine = f"/t/zarechny/cabinet/appeals/{appeal.pk}/registration.pdf"
    resident = as_user(aw["resident"])
    assert mine in resident.get(f"/t/zarechny/cabinet/appeals/{appeal.pk}/").content.decode()
    assert resident.get(mine).status_code == 200
    assert resident.get(office).status_code in (302, 403, 404)
    assert resident.get(f"/t/zarechny/cabinet/appeals/{waiting.pk}/registration.pdf"
                        ).status_code == 404
    assert as_user(aw["roads"]).get(office).status_code == 404
