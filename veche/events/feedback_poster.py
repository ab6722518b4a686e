"""The printable A4 poster of an event's feedback form: the event, a big QR code to the form and
its address written out (veche.documents.pdf, as the head meetings' poster)."""

from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from veche.documents.pdf import FONT, pdf_bytes, pdf_document, qr_png

from .models import Questionnaire


def feedback_poster_pdf(*, questionnaire: Questionnaire, form_url: str) -> bytes:
    event = questionnaire.event
    pdf = pdf_document(title=questionnaire.title)
    pdf.add_page()
    pdf.set_margins(18, 18, 18)
    width = pdf.w - 36
    pdf.set_fill_color(24, 74, 140)
    pdf.rect(0, 0, pdf.w, 14, style="F")
    pdf.set_y(22)
    pdf.set_font(FONT, "", 16)
    pdf.cell(width, 9, questionnaire.territory.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 30)
    pdf.multi_cell(width, 14, _("Как прошло мероприятие?"), align="C", new_x="LMARGIN",
                   new_y="NEXT")
    if event is not None:
        pdf.ln(2)
        pdf.set_font(FONT, "B", 18)
        pdf.multi_cell(width, 9, event.title, align="C", new_x="LMARGIN", new_y="NEXT")
        local = event.starts_at.astimezone(ZoneInfo(questionnaire.territory.time_zone))
        pdf.set_font(FONT, "", 14)
        pdf.cell(width, 8, date_format(local, "j E Y"), align="C", new_x="LMARGIN",
                 new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FONT, "", 15)
    pdf.multi_cell(width, 8, _("Наведите камеру телефона на код и ответьте на несколько "
                               "вопросов: оценка, что понравилось, что бы вы предложили, "
                               "хотите ли помочь. Это займёт две минуты."),
                   align="C", new_x="LMARGIN", new_y="NEXT")
    size = 110
    y = max(pdf.get_y() + 8, 120)
    pdf.image(qr_png(form_url, scale=12), x=(pdf.w - size) / 2, y=y, w=size, h=size)
    pdf.set_y(y + size + 4)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(width, 6, form_url, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(width, 5, _("Ответ засчитывается один раз. В итогах ответы показываются "
                               "без имени."), align="C", new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)
