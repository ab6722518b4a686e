"""Votes: public list, detail, results, ballot files and receipt checks; residents vote with
their session (CSRF checked); an integration of the town (staff's Bearer key, e.g. the town's
mobile app that has identified the resident) casts on a resident's behalf without a session;
staff create and run votes, enter paper ballots, review abuse flags and start counts."""

from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from veche.votes import selectors as S  # noqa: I001  (one import per area, read as S./V.)
from veche.votes import services as V
from veche.votes.access import (
    access_abuse_flag,
    access_option,
    access_tally,
)
from veche.votes.chain import SEAL_MIN_BATCH
from veche.votes.lifecycle import vote_action
from veche.votes.models import BallotChannel, Option, VoteStatus

from ..errors import protected, public
from ..pagination import PageParams, page_of, paginate
from .votes_common import (
    INTEGRATION,
    RESIDENT,
    STAFF,
    building_of,
    caller,
    check_option_files,
    person_of,
    topic_of,
    vote_for,
)
from .votes_schemas import (
    AnswersIn,
    BallotOut,
    CastIn,
    ChangeOut,
    FlagOut,
    FlagReview,
    FromTemplateIn,
    InvitationIn,
    InvitationOut,
    OnBehalfIn,
    OptionIn,
    OptionOut,
    PaperIn,
    ReceiptIn,
    ReceiptOut,
    SurveyQuestionIn,
    SurveyQuestionOut,
    TallyOut,
    TransitionIn,
    VoteDetail,
    VoteIn,
    VoteOut,
    VotePatch,
)

router = Router(tags=["Голосования"])


# --- public ----------------------------------------------------------------------------------

@router.get("/t/{slug}/votes/", response=public({200: page_of(VoteOut)}), summary="Голосования")
def vote_list(request, slug: str, filters: Query[PageParams]):
    return paginate(request, S.votes_public(territory=request.territory), filters)


@router.get("/t/{slug}/votes/{vote_id}", response=public({200: VoteDetail}),
            summary="Голосование: варианты и вопросы")
def vote_detail(request, slug: str, vote_id: int):
    return vote_for(request, vote_id)


@router.get("/t/{slug}/votes/{vote_id}/results", response=public({200: dict}),
            summary="Итоги (во время голосования или после завершения — как задано)")
def vote_results(request, slug: str, vote_id: int):
    vote = vote_for(request, vote_id)
    ok, reason = S.results_visible(vote=vote)
    result = S.vote_results(vote=vote) if ok else None
    if result is None:
        raise ValidationError(reason or "Подсчёт ещё не завершён: загляните позже.")
    result = dict(result)
    result["invitations"] = {k: v for k, v in result.get("invitations", {}).items()
                             if k != "by_inviter"}  # names of inviters are for staff only
    return result


def _export(vote, fmt: str):
    if fmt == "csv":
        resp = StreamingHttpResponse(S.ballots_export_csv(vote=vote),
                                     content_type="text/csv; charset=utf-8")
    else:
        resp = StreamingHttpResponse(S.ballots_export_json(vote=vote),
                                     content_type="application/json")
    resp["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-ballots.{fmt}"'
    return resp


def _public_file(request, vote_id: int, fmt: str):
    vote = vote_for(request, vote_id)
    if vote.status != VoteStatus.RESULTS:
        raise ValidationError(_("Файл бюллетеней публикуется вместе с итогами."),
                              code="results_not_published")
    return _export(vote, fmt)


@router.get("/t/{slug}/votes/{vote_id}/ballots.csv", response=public({200: None}),
            summary="Обезличенный файл бюллетеней CSV для пересчёта")
def vote_ballots_csv(request, slug: str, vote_id: int):
    return _public_file(request, vote_id, "csv")


@router.get("/t/{slug}/votes/{vote_id}/ballots.json", response=public({200: None}),
            summary="Обезличенный файл бюллетеней JSON для пересчёта")
def vote_ballots_json(request, slug: str, vote_id: int):
    return _public_file(request, vote_id, "json")


@router.post("/t/{slug}/votes/{vote_id}/receipt", response=public({200: ReceiptOut}),
             summary="Проверить квитанцию: учтён ли бюллетень")
def receipt_check(request, slug: str, vote_id: int,
                  payload: ReceiptIn = None):  # type: ignore[assignment]  # optional: see below
    vote = vote_for(request, vote_id)  # an unknown vote is a 404 before an empty code is a 400
    if payload is None or not payload.code.strip():
        raise ValidationError({"code": ValidationError(_("Введите код квитанции."),
                                                       code="receipt_code_missing")})
    return S.receipt_verify(vote=vote, code=payload.code)


# --- residents and integrations ----------------------------------------------------------------

@router.post("/t/{slug}/votes/{vote_id}/ballot", response=protected({201: BallotOut}),
             auth=RESIDENT, summary="Проголосовать (житель, вошедший на сайт)")
def ballot_cast(request, slug: str, vote_id: int, payload: CastIn):
    ballot = V.ballot_cast(vote=vote_for(request, vote_id), person=request.person,
                           answers=payload.answers(), channel=BallotChannel.WEB,
                           ip=request.META.get("REMOTE_ADDR"),
                           device=request.headers.get("User-Agent", "")[:200],
                           invitation_token=payload.invitation)
    return Status(201, ballot)


@router.put("/t/{slug}/votes/{vote_id}/ballot", response=protected({200: BallotOut}),
            auth=RESIDENT, summary="Изменить свой голос (если голосование это разрешает)")
def ballot_change(request, slug: str, vote_id: int, payload: AnswersIn):
    return V.ballot_change(vote=vote_for(request, vote_id), person=request.person,
                           answers=payload.answers(), ip=request.META.get("REMOTE_ADDR"))


@router.get("/t/{slug}/votes/{vote_id}/ballot", response=protected({200: BallotOut}),
            auth=RESIDENT, summary="Мой голос: бюллетень, если голосование позволяет его "
                                   "изменить, иначе только отметка, что я голосовал")
def my_ballot(request, slug: str, vote_id: int):
    vote = vote_for(request, vote_id)
    ballot = (S.ballot_of(vote=vote, person=request.person)
              or S.participation_of(vote=vote, person=request.person))
    if ballot is None:
        raise Option.DoesNotExist("Вы ещё не голосовали в этом голосовании.")
    return ballot


@router.post("/t/{slug}/votes/{vote_id}/ballots/", response=protected({201: BallotOut}),
             auth=INTEGRATION, summary="Голос жителя через интеграцию города (ключ API)")
def ballot_on_behalf(request, slug: str, vote_id: int, payload: OnBehalfIn):
    ballot = V.ballot_cast(vote=vote_for(request, vote_id),
                           person=person_of(request, payload.person_id),
                           answers=payload.answers(), channel=BallotChannel.API,
                           ip=request.headers.get("X-Voter-IP", ""), device=payload.device)
    return Status(201, ballot)


# --- staff -----------------------------------------------------------------------------------

@router.get("/t/{slug}/votes/manage/all", response=protected({200: page_of(VoteOut)}),
            auth=STAFF, summary="Все голосования города, с черновиками и шаблонами")
def vote_list_staff(request, slug: str, filters: Query[PageParams]):
    return paginate(request, S.votes_staff(territory=request.territory), filters)


@router.post("/t/{slug}/votes/", response=protected({201: VoteOut}), auth=STAFF,
             summary="Создать голосование (черновик)")
def vote_add(request, slug: str, payload: VoteIn):
    data = payload.dict()
    data["topic"] = topic_of(request, data.pop("topic"))
    data["building"] = building_of(request, data.pop("building_id"))
    vote = V.vote_create(territory=request.territory, created_by=request.auth, **data)
    return Status(201, vote)


@router.patch("/t/{slug}/votes/{vote_id}", response=protected({200: VoteOut}), auth=STAFF,
              summary="Изменить настройки (после публикации каждое изменение в журнале)")
def vote_patch(request, slug: str, vote_id: int, payload: VotePatch):
    changes = payload.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    return V.vote_update(vote=vote_for(request, vote_id, staff=True), changed_by=request.auth,
                         reason=reason, **changes)


@router.post("/t/{slug}/votes/{vote_id}/options", response=protected({201: OptionOut}),
             auth=STAFF, summary="Добавить вариант")
def option_add(request, slug: str, vote_id: int, payload: OptionIn):
    vote = vote_for(request, vote_id, staff=True)
    data = payload.dict()
    data["topic"] = topic_of(request, data.pop("topic"))
    return Status(201, V.option_add(vote=vote, changed_by=request.auth, **data))


@router.post("/t/{slug}/votes/{vote_id}/options/{option_id}/files",
             response=protected({200: OptionOut}), auth=STAFF,
             summary="Фото и эскиз варианта (multipart: photo, sketch)")
def option_files(request, slug: str, vote_id: int, option_id: int,
                 photo: File[UploadedFile] = None,  # type: ignore[assignment]  # either may
                 sketch: File[UploadedFile] = None):  # type: ignore[assignment]  # be absent
    option = access_option(caller(request), request.territory, vote_id, option_id)
    files = check_option_files(photo=photo, sketch=sketch)
    if not files:
        raise ValidationError(_("Приложите фото (photo) или эскиз (sketch)."),
                              code="files_missing")
    return V.option_update(option=option, changed_by=request.auth, **files)


@router.post("/t/{slug}/votes/{vote_id}/questions", response=protected({201: SurveyQuestionOut}),
             auth=STAFF, summary="Добавить вопрос анкеты")
def question_add(request, slug: str, vote_id: int, payload: SurveyQuestionIn):
    return Status(201, V.question_add(vote=vote_for(request, vote_id, staff=True),
                                      changed_by=request.auth, **payload.dict()))


@router.post("/t/{slug}/votes/{vote_id}/from-template",
             response=protected({200: VoteOut, 201: VoteOut}), auth=STAFF,
             summary="Голосование месяца из шаблона (одно на месяц: повтор вернёт его же, 200)")
def vote_from_template(request, slug: str, vote_id: int, payload: FromTemplateIn):
    template = vote_for(request, vote_id, staff=True)
    made = S.votes_staff(territory=request.territory).filter(
        template=template, period=payload.period.replace(day=1)).first()
    if made is not None:
        return Status(200, made)
    return Status(201, V.vote_from_template(template=template, period=payload.period,
                                            created_by=request.auth, publish=payload.publish))


@router.post("/t/{slug}/votes/{vote_id}/transition", response=protected({200: VoteOut}),
             auth=STAFF, summary="Опубликовать, открыть, завершить, опубликовать итоги")
def vote_transition(request, slug: str, vote_id: int, payload: TransitionIn):
    return vote_action(payload.action, vote_for(request, vote_id, staff=True), by=request.auth,
                       roles=request.town_roles)


@router.get("/t/{slug}/votes/{vote_id}/changes", response=protected({200: list[ChangeOut]}),
            auth=STAFF, summary="Журнал изменений настроек")
def vote_changes(request, slug: str, vote_id: int):
    return list(S.vote_settings_changes(vote=vote_for(request, vote_id, staff=True))[:500])


@router.post("/t/{slug}/votes/{vote_id}/paper-ballots", response=protected({201: BallotOut}),
             auth=STAFF, summary="Внести бумажный бюллетень")
def paper_ballot(request, slug: str, vote_id: int, payload: PaperIn):
    ballot = V.paper_ballot_enter(vote=vote_for(request, vote_id, staff=True),
                                  person=person_of(request, payload.person_id),
                                  number=payload.number, answers=payload.answers(),
                                  entered_by=request.auth, cast_at=payload.cast_at)
    return Status(201, ballot)


@router.get("/t/{slug}/votes/{vote_id}/invitations", response=protected({200: list[InvitationOut]}),
            auth=STAFF, summary="Ссылки-приглашения")
def invitation_list(request, slug: str, vote_id: int):
    return list(vote_for(request, vote_id, staff=True).invitations.all())


@router.post("/t/{slug}/votes/{vote_id}/invitations", response=protected({201: InvitationOut}),
             auth=STAFF, summary="Создать ссылку-приглашение (канал, кампания, кто зовёт)")
def invitation_add(request, slug: str, vote_id: int, payload: InvitationIn):
    inviter = person_of(request, payload.inviter_id) if payload.inviter_id else None
    return Status(201, V.invitation_create(vote=vote_for(request, vote_id, staff=True),
                                           channel=payload.channel, campaign=payload.campaign,
                                           inviter=inviter, inviter_name=payload.inviter_name))


@router.get("/t/{slug}/votes/{vote_id}/staff-results", response=protected({200: dict}),
            auth=STAFF, summary="Итоги для сотрудников (в том числе по приглашающим)")
def staff_results(request, slug: str, vote_id: int):
    result = S.vote_results(vote=vote_for(request, vote_id, staff=True), staff=True)
    if result is None:
        raise ValidationError(_("Подсчёта ещё нет: голосование не началось или подсчёт идёт."),
                              code="tally_pending")
    return result


@router.get("/t/{slug}/votes/{vote_id}/staff-ballots.json", response=protected({200: None}),
            auth=STAFF, summary="Файл бюллетеней до публикации итогов (сотрудникам)")
def staff_ballots_file(request, slug: str, vote_id: int):
    vote = vote_for(request, vote_id, staff=True)
    # Full batches only while the vote is open (a small batch would date its ballots: chain.py);
    # the file has the numbered ballots.
    V.ballot_chain_seal(vote=vote, min_batch=SEAL_MIN_BATCH if vote.status == VoteStatus.OPEN
                        else 1)
    return _export(vote, "json")


@router.get("/t/{slug}/votes/{vote_id}/flags", response=protected({200: list[FlagOut]}),
            auth=STAFF, summary="Сигналы злоупотреблений")
def flag_list(request, slug: str, vote_id: int):
    return list(S.vote_abuse_flags(vote=vote_for(request, vote_id, staff=True)))


@router.post("/t/{slug}/votes/{vote_id}/flags/{flag_id}", response=protected({200: FlagOut}),
             auth=STAFF, summary="Снять или подтвердить сигнал")
def flag_review(request, slug: str, vote_id: int, flag_id: int, payload: FlagReview):
    flag = access_abuse_flag(caller(request), request.territory, vote_id, flag_id, manage=True)
    return V.abuse_flag_review(flag=flag, status=payload.status, by=request.auth,
                               note=payload.note)


@router.post("/t/{slug}/votes/{vote_id}/tallies", response=protected({201: TallyOut}),
             auth=STAFF, summary="Запустить подсчёт в фоне")
def tally_add(request, slug: str, vote_id: int):
    return Status(201, V.tally_start(vote=vote_for(request, vote_id, staff=True)))


@router.get("/t/{slug}/votes/{vote_id}/tallies/{tally_id}", response=protected({200: TallyOut}),
            auth=STAFF, summary="Ход подсчёта и его результат")
def tally_get(request, slug: str, vote_id: int, tally_id: int):
    return access_tally(caller(request), request.territory, vote_id, tally_id, manage=True)
