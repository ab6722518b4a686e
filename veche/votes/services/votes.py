"""Writing votes: settings, options, questions, invitations, the schedule and templates."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.registry.models import Person
from veche.territories.models import CityTopic, Territory

from ..kinds import question_kind
from ..models import (
    Invitation,
    InvitationChannel,
    Option,
    Question,
    QuestionChoice,
    Recurrence,
    Vote,
    VoteSettingsChange,
    VoteStatus,
)
from ..validation import check_ready_to_publish, check_vote_settings, date_out_of_range

# Settings a staff member may set through vote_create / vote_update.
SETTINGS = ("title", "description", "kind", "max_choices", "score_min", "score_max",
            "ranked_method", "budget_amount", "budget_rule", "budget_completion", "min_age",
            "min_verification", "allow_change", "results_visibility", "tie_rule", "tie_seed",
            "opens_at", "closes_at", "topic", "is_template", "recurrence", "building")
# Changing these while ballots come in would make earlier ballots mean something else (and a
# tie rule or seed, announced before the vote, could be picked to suit a live count);
# `allow_change` decides whether a ballot names its voter (models/ballots.py), which the
# voters were told when they voted.
FROZEN_WHEN_OPEN = ("kind", "max_choices", "score_min", "score_max", "budget_amount",
                    "min_age", "min_verification", "tie_rule", "tie_seed", "building",
                    "allow_change")
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
          "октябрь", "ноябрь", "декабрь")


def _touch(vote: Vote) -> None:
    vote.updated_at = timezone.now()
    Vote.objects.filter(pk=vote.pk).update(updated_at=vote.updated_at)


def _log(vote: Vote, by: User | None, field: str, old, new, reason: str = "") -> None:
    if vote.status == VoteStatus.DRAFT:
        return
    VoteSettingsChange.objects.create(territory_id=vote.territory_id, vote=vote, changed_by=by,
                                      field=field, old="" if old is None else str(old)[:2000],
                                      new="" if new is None else str(new)[:2000],
                                      reason=reason[:300])


def _check_topic(territory: Territory, topic: CityTopic | None, building=None) -> None:
    if topic is not None and topic.territory_id != territory.pk:
        raise ValidationError({"topic": ValidationError(
            _("Тема относится к другому городу."), code="other_town")})
    if building is not None and building.territory_id != territory.pk:
        raise ValidationError({"building": ValidationError(
            _("Дом относится к другому городу."), code="other_town")})


@transaction.atomic
def vote_create(*, territory: Territory, title: str, created_by: User | None = None,
                options: list[str] | None = None, **settings) -> Vote:
    """A draft vote; `settings` are fields from SETTINGS, `options` texts of plain options."""
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise ValidationError(_("Неизвестные настройки голосования: %(names)s"),
                              code="vote_setting_unknown",
                              params={"names": ", ".join(sorted(unknown))})
    _check_topic(territory, settings.get("topic"), settings.get("building"))
    vote = Vote(territory=territory, title=" ".join((title or "").split())[:300],
                created_by=created_by, **settings)
    check_vote_settings(vote)
    vote.save()
    for i, text in enumerate(options or []):
        option_add(vote=vote, text=text, order=i + 1)
    return vote


@transaction.atomic
def vote_update(*, vote: Vote, changed_by: User | None = None, reason: str = "",
                **changes) -> Vote:
    """Change settings; after publication every change is logged (who, when, field, old,
    new). Counting-relevant settings cannot change once the vote is open."""
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise ValidationError(_("Неизвестные настройки голосования: %(names)s"),
                              code="vote_setting_unknown",
                              params={"names": ", ".join(sorted(unknown))})
    if vote.status in (VoteStatus.CLOSED, VoteStatus.RESULTS):
        raise ValidationError(_("Голосование завершено: его настройки больше не меняются."),
                              code="vote_closed")
    _check_topic(vote.territory, changes.get("topic"), changes.get("building"))
    changed = []
    for field, new in changes.items():
        old = getattr(vote, field)
        if old == new:
            continue
        if vote.status == VoteStatus.OPEN and field in FROZEN_WHEN_OPEN:
            label = getattr(Vote._meta.get_field(field), "verbose_name", field)
            raise ValidationError({field: ValidationError(
                _("Пока идёт голосование, нельзя менять «%(label)s»: поданные голоса "
                  "считались по прежним правилам."), code="vote_setting_frozen",
                params={"label": label})})
        setattr(vote, field, new)
        changed.append((field, old, new))
    if not changed:
        return vote
    check_vote_settings(vote)
    vote.save()
    for field, old, new in changed:
        _log(vote, changed_by, field, old, new, reason)
    return vote


def _check_options_editable(vote: Vote) -> None:
    if vote.status not in (VoteStatus.DRAFT, VoteStatus.PUBLISHED):
        raise ValidationError(_("Варианты нельзя менять после начала голосования."),
                              code="vote_options_frozen")


@transaction.atomic
def option_add(*, vote: Vote, text: str, changed_by: User | None = None, **fields) -> Option:
    """Add an option (fields: description, photo, sketch, latitude, longitude, cost, topic,
    practice_ref, initiative_ref, order)."""
    _check_options_editable(vote)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": ValidationError(
            _("Напишите текст варианта."), code="option_text_missing")})
    if len(text) > 300:
        raise ValidationError({"text": ValidationError(
            _("Текст варианта — не больше 300 знаков."), code="text_too_long")})
    _check_topic(vote.territory, fields.get("topic"))
    if fields.get("cost") is not None and fields["cost"] <= 0:
        raise ValidationError({"cost": ValidationError(
            _("Стоимость должна быть больше нуля."), code="cost_not_positive")})
    if "order" not in fields:
        fields["order"] = Option.objects.filter(vote=vote).count() + 1
    option = Option.objects.create(territory_id=vote.territory_id, vote=vote, text=text,
                                   **fields)
    _log(vote, changed_by, "option", None, text)
    _touch(vote)
    return option


@transaction.atomic
def option_update(*, option: Option, changed_by: User | None = None, **fields) -> Option:
    vote = option.vote
    _check_options_editable(vote)
    for field, new in fields.items():
        old = getattr(option, field)
        if old != new:
            setattr(option, field, new)
            _log(vote, changed_by, f"option:{option.pk}:{field}", old, new)
    option.save()
    _touch(vote)
    return option


@transaction.atomic
def option_delete(*, option: Option, changed_by: User | None = None) -> None:
    vote = option.vote
    _check_options_editable(vote)
    _log(vote, changed_by, "option", option.text, None)
    option.delete()
    _touch(vote)


@transaction.atomic
def question_add(*, vote: Vote, text: str, kind: str = Question.Kind.ONE,
                 choices: list[str] | None = None, required: bool = False,
                 changed_by: User | None = None) -> Question:
    """A survey question on the ballot (kind one/many/text; choices for one/many)."""
    _check_options_editable(vote)
    text = " ".join((text or "").split())[:300]
    if not text:
        raise ValidationError({"text": ValidationError(
            _("Напишите текст вопроса."), code="question_text_missing")})
    choices = [c for c in (" ".join((c or "").split())[:300] for c in choices or []) if c]
    if question_kind(kind).has_choices and len(choices) < 2:
        raise ValidationError({"choices": ValidationError(
            _("У вопроса с выбором — хотя бы два ответа."), code="question_choices_missing")})
    q = Question.objects.create(territory_id=vote.territory_id, vote=vote, text=text, kind=kind,
                                required=required,
                                order=Question.objects.filter(vote=vote).count() + 1)
    QuestionChoice.objects.bulk_create([
        QuestionChoice(territory_id=vote.territory_id, question=q, text=c, order=i)
        for i, c in enumerate(choices, 1)])
    _log(vote, changed_by, "question", None, text)
    _touch(vote)
    return q


@transaction.atomic
def invitation_create(*, vote: Vote, channel: str, campaign: str = "",
                      inviter: Person | None = None, inviter_name: str = "") -> Invitation:
    """A tracked link for a channel, campaign and (optionally) an inviting person."""
    if channel not in InvitationChannel.values:
        raise ValidationError({"channel": ValidationError(
            _("Неизвестный канал приглашения."), code="channel_unknown")})
    if inviter is not None and inviter.territory_id != vote.territory_id:
        raise ValidationError({"inviter": ValidationError(
            _("Приглашающий — из другого города."), code="other_town")})
    return Invitation.objects.create(
        territory_id=vote.territory_id, vote=vote, token=secrets.token_urlsafe(12),
        channel=channel, campaign=" ".join(campaign.split())[:100], inviter=inviter,
        inviter_name=(inviter.full_name if inviter else inviter_name)[:200])


def _transition(vote: Vote, frm: tuple[str, ...], to: str, by: User | None, stamp: str,
                message: str) -> Vote:
    locked = Vote.objects.select_for_update().get(pk=vote.pk)
    if locked.status not in frm:
        # `message` is translated by the caller and names the state as %(status)s.
        raise ValidationError(message, code="vote_wrong_state",
                              params={"status": locked.get_status_display()})
    old = locked.status
    vote.status = to
    setattr(vote, stamp, timezone.now())
    vote.save(update_fields=["status", stamp, "updated_at"])
    _log(vote, by, "status", old, to)
    return vote


@transaction.atomic
def vote_publish(*, vote: Vote, by: User | None = None) -> Vote:
    """draft → published: residents see the vote and its dates."""
    check_vote_settings(vote)
    check_ready_to_publish(vote)
    return _transition(vote, (VoteStatus.DRAFT,), VoteStatus.PUBLISHED, by, "published_at",
                       _("Опубликовать можно только черновик (сейчас: %(status)s)."))


@transaction.atomic
def vote_open(*, vote: Vote, by: User | None = None) -> Vote:
    """published → open: ballots are accepted (by hand, or by votes_tick at opens_at)."""
    if vote.closes_at and vote.closes_at <= timezone.now():
        raise ValidationError(
            _("Дата завершения уже прошла: перенесите её, прежде чем открыть."),
            code="deadline_in_past")
    return _transition(vote, (VoteStatus.PUBLISHED,), VoteStatus.OPEN, by, "opened_at",
                       _("Открыть можно только опубликованное голосование (сейчас: "
                         "%(status)s)."))


def vote_close(*, vote: Vote, by: User | None = None) -> Vote:
    """open → closed: no more online ballots; the chain is sealed and the final count queued."""
    from ..chain import ballot_chain_seal
    from .tallies import tally_start

    with transaction.atomic():
        _transition(vote, (VoteStatus.OPEN,), VoteStatus.CLOSED, by, "closed_at",
                    _("Завершить можно только идущее голосование (сейчас: %(status)s)."))
    ballot_chain_seal(vote=vote)
    tally_start(vote=vote, final=True)
    return vote


@transaction.atomic
def vote_results_publish(*, vote: Vote, by: User | None = None) -> Vote:
    """closed → results published: needs a finished final count (made at close)."""
    from ..models import Ballot, VoteTally
    from .tallies import SYNC_LIMIT, tally_run

    final = VoteTally.objects.filter(vote=vote, is_final=True)
    if vote.status == VoteStatus.CLOSED and not final.filter(status="done").exists():
        pending = final.filter(status__in=("queued", "running")).order_by("-id").first()
        if Ballot.objects.filter(vote=vote, is_current=True).count() > SYNC_LIMIT:
            raise ValidationError(_("Итоговый подсчёт ещё не готов: дождитесь его окончания."),
                                  code="tally_pending")
        # A small vote is counted on the spot (no worker needed).
        row = pending or VoteTally.objects.create(territory_id=vote.territory_id, vote=vote,
                                                  is_final=True)
        if tally_run(tally=row).status != "done":
            raise ValidationError(_("Итоговый подсчёт не удался: %(reason)s"),
                                  code="tally_failed", params={"reason": row.message})
    return _transition(vote, (VoteStatus.CLOSED,), VoteStatus.RESULTS, by,
                       "results_published_at",
                       _("Опубликовать итоги можно только после завершения (сейчас: "
                         "%(status)s)."))


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def vote_from_template(*, template: Vote, period: dt.date, created_by: User | None = None,
                       publish: bool = True) -> Vote:
    """This month's vote made from a template (settings, options, questions copied; open from
    the first to the last day of the month). Made once per template and month."""
    if not template.is_template:
        raise ValidationError(_("Это голосование не шаблон."), code="vote_not_template")
    if (problem := date_out_of_range(dt.datetime.combine(period, dt.time(12)))) is not None:
        raise ValidationError({"period": problem})  # before the month's end is computed
    period = month_start(period)
    existing = Vote.objects.filter(template=template, period=period).first()
    if existing:
        return existing
    tz = timezone.get_current_timezone()
    nxt = (period + dt.timedelta(days=32)).replace(day=1)
    fields = {f: getattr(template, f) for f in SETTINGS if f not in ("is_template", "recurrence",
                                                                    "opens_at", "closes_at")}
    fields["title"] = f"{template.title} — {MONTHS[period.month - 1]} {period.year}"
    vote = Vote.objects.create(
        territory_id=template.territory_id, created_by=created_by, template=template,
        period=period, opens_at=dt.datetime.combine(period, dt.time(0, 0), tz),
        closes_at=dt.datetime.combine(nxt, dt.time(0, 0), tz), **fields)
    for o in Option.objects.filter(vote=template):
        Option.objects.create(territory_id=vote.territory_id, vote=vote, text=o.text,
                              description=o.description, photo=o.photo, sketch=o.sketch,
                              latitude=o.latitude, longitude=o.longitude, cost=o.cost,
                              topic=o.topic, practice_ref=o.practice_ref,
                              initiative_ref=o.initiative_ref, order=o.order)
    for q in Question.objects.filter(vote=template).prefetch_related("choices"):
        question_add(vote=vote, text=q.text, kind=q.kind, required=q.required,
                     choices=[c.text for c in q.choices.all()])
    if publish:
        vote_publish(vote=vote, by=created_by)
    return vote


def votes_tick(*, territory: Territory, now: dt.datetime | None = None) -> dict:
    """The schedule of one town (run every minute by `manage.py votes_tick` or the worker):
    opens published votes whose time came, closes open ones past `closes_at`, makes this
    month's vote from every monthly template."""
    now = now or timezone.now()
    done = {"opened": 0, "closed": 0, "created": 0}
    for template in Vote.objects.filter(territory=territory, is_template=True,
                                        recurrence=Recurrence.MONTHLY):
        period = month_start(timezone.localtime(now).date())
        if not Vote.objects.filter(template=template, period=period).exists():
            vote_from_template(template=template, period=period)
            done["created"] += 1
    for vote in Vote.objects.filter(territory=territory, status=VoteStatus.PUBLISHED,
                                    opens_at__lte=now, is_template=False):
        if vote.closes_at is None or vote.closes_at > now:
            vote_open(vote=vote)
            done["opened"] += 1
    for vote in Vote.objects.filter(territory=territory, status=VoteStatus.OPEN,
                                    closes_at__lte=now):
        vote_close(vote=vote)
        done["closed"] += 1
    return done
