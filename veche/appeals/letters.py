"""Letters on paper: the legal notices (answer, extension, forwarding) to an applicant who gave
only a postal address. 59-FZ art. 10 p. 4 sends the answer in writing to that address, so the
notice recorded «к отправке письмом» is printed from its own text, with the addressee, the
date and the appeal's number, and a line for the official's signature."""

from django.utils import timezone
from django.utils.formats import date_format

from veche.documents.pdf import FONT, pdf_bytes, pdf_document
from veche.registry.services import person_card_open

from .models import Appeal, AppealNotification


def letter_print(*, appeal: Appeal, notification_id: int, viewer, ip: str | None,
                 via: str = "") -> bytes | None:
    """The PDF of one of the appeal's notices that go by post, for the pages and the API;
    None if the appeal has no such letter. The letter carries the applicant's name and
    address, so its reading is logged like a registry card's (152-FZ)."""
    notice = appeal.notifications.filter(pk=notification_id,
                                         channel=AppealNotification.Channel.POST).first()
    if notice is None:
        return None
    person_card_open(person=appeal.applicant, viewer=viewer, ip=ip,
                     purpose=f"письмо заявителю по обращению {appeal.number}{via}")
    return letter_pdf(notice=notice)


def _whose(territory) -> str:
    """The administration's name as a letterhead gives it: «ЗАТО г. Приозёрск-26», «города
    Светлоборск-12»; a district's name is used as written (its case ending is not ours to
    guess)."""
    kind = territory.Kind
    prefix = {kind.ZATO: "ЗАТО г. ", kind.TOWN: "города "}.get(territory.kind, "")
    return prefix + territory.name


def letter_pdf(*, notice: AppealNotification) -> bytes:
    """One A4 letter for a notice recorded for the post; its text is what the e-mail would
    have said (notifications._letter_text), so paper and e-mail applicants read the same."""
    appeal = notice.appeal
    town = _whose(appeal.territory)
    # The name as the applicant wrote it in the appeal (the registry record may differ).
    addressee = f"{appeal.applicant_surname} {appeal.applicant_name}".strip()
    pdf = pdf_document(title=f"{notice.subject or 'Письмо заявителю'} — {appeal.number}")
    pdf.add_page()
    pdf.set_margins(25, 20, 15)
    pdf.set_y(20)
    width = pdf.w - 40
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(90, 6, f"Администрация\n{town}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    # The outgoing number is the administration's registry's to give: left blank to fill in.
    sent = date_format(timezone.localtime(notice.at), "d.m.Y")
    received = date_format(timezone.localtime(appeal.received_at), "d.m.Y")
    pdf.multi_cell(90, 5, f"{sent} № ____________\nНа № {appeal.number} от {received}",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(pdf.w - 15 - 80, 20)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(80, 6, f"{addressee}\n{notice.recipient}",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), 55) + 8)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(width, 6, notice.subject or f"Об обращении {appeal.number}", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(width, 6, notice.text.strip() or "—", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.multi_cell(width, 6, "Уполномоченное должностное лицо\n"
                   f"администрации {town}          ____________  /________________/",
                   new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)
