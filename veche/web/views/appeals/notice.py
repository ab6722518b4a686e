"""The printable registration notice of an appeal: for the staff who register it (a resident
who came in person takes it home) and for the applicant in the cabinet."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from veche.accounts.flow import client_ip
from veche.accounts.links import site_url
from veche.appeals import access
from veche.appeals.letters import registration_notice_pdf
from veche.appeals.models import Appeal
from veche.registry.services import person_card_open

from .staff import staff_required


def _pdf(appeal: Appeal) -> HttpResponse:
    page = site_url(reverse("web:appeals_cabinet_detail",
                            args=[appeal.territory.slug, appeal.pk]))
    pdf = registration_notice_pdf(appeal=appeal, page_url=page)
    if pdf is None:
        raise Http404(_("Обращение ещё не зарегистрировано: уведомления пока нет."))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="registration-{appeal.pk}.pdf"'
    return response


@staff_required
def office_notice(request, slug, appeal_id):
    appeal = access.access_appeal(request.user, request.territory, appeal_id,
                                  viewer=access.access_office(request.user, request.territory))
    # The notice names the applicant: read like their card (152-FZ access log).
    person_card_open(person=appeal.applicant, viewer=request.user, ip=client_ip(request),
                     purpose=f"уведомление о регистрации обращения {appeal.number}")
    return _pdf(appeal)


@login_required
def cabinet_notice(request, slug, appeal_id):
    return _pdf(access.access_own_appeal(request.user, request.territory, appeal_id))
