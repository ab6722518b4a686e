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


def registration_notice_pdf(*, appeal: Appeal, page_url: str) -> bytes | None:
    """The printable notice of registration (59-FZ art. 8 p. 2: an appeal is registered within
    three days): the number, the dates, the term of the answer and where to follow it. Handed to
    a resident who came in person, or printed by the resident from the cabinet. None while the
    appeal is not registered yet (it has no number to promise)."""
    if appeal.registered_at is None or appeal.answer_due is None:
        return None
    town = _whose(appeal.territory)
    pdf = pdf_document(title=f"Уведомление о регистрации обращения {appeal.number}")
    pdf.add_page()
    pdf.set_margins(25, 20, 15)
    pdf.set_y(20)
    width = pdf.w - 40
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(width, 6, f"Администрация {town}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(width, 8, "Уведомление о регистрации обращения", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    addressee = f"{appeal.applicant_surname} {appeal.applicant_name}".strip()
    rows = [
        ("Заявитель", addressee),
        ("Регистрационный номер", appeal.number),
        ("Поступило", date_format(timezone.localtime(appeal.received_at), "d.m.Y")),
        ("Зарегистрировано", date_format(timezone.localtime(appeal.registered_at), "d.m.Y")),
        ("Ответ будет дан не позднее", date_format(appeal.answer_due, "d.m.Y")),
    ]
    pdf.set_font(FONT, "", 12)
    with pdf.table(col_widths=(45, 55), text_align="LEFT", line_height=7,
                   first_row_as_headings=False) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label)
            row.cell(value)
    pdf.ln(6)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(width, 6, "Срок ответа — 30 дней со дня регистрации (статья 12 "
                   "Федерального закона от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений "
                   "граждан Российской Федерации»); о продлении срока или о переадресации "
                   "обращения вам сообщат отдельно. Ход рассмотрения — в личном кабинете:",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(width, 6, page_url, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(width, 6, "Обращение зарегистрировал(а)          ____________  "
                   "/________________/", new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)
