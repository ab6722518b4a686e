"""API tokens: only a hash is stored, revoked keys stop working, the command manages them."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from veche.accounts.models import ApiToken
from veche.accounts.tokens import api_token_authenticate, api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_key_is_shown_once_and_only_its_hash_is_kept(staff_user):
    token, key = api_token_create(user=staff_user, name="МФЦ")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix) and key.startswith(stored.prefix)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert api_token_authenticate(key) == staff_user
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_wrong_revoked_and_malformed_keys_fail(staff_user):
    token, key = api_token_create(user=staff_user, name="МФЦ")
    assert api_token_authenticate(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert api_token_authenticate("") is None
    assert api_token_authenticate("x" * 500) is None
    api_token_revoke(token=token)
    assert api_token_authenticate(key) is None


def test_command_creates_lists_and_revokes(staff_user, capsys):
    call_command("api_token", "create", "--email", "staff@zarechny.ru", "--name", "Сайт МФЦ")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert api_token_authenticate(key) == staff_user
    call_command("api_token", "list", "--email", "STAFF@zarechny.ru")
    listing = capsys.readouterr().out
    assert key[:12] in listing and "Сайт МФЦ" in listing and "действует" in listing
    assert key not in listing
    call_command("api_token", "revoke", "--email", "staff@zarechny.ru", "--prefix", key[:12])
    assert "отозван" in capsys.readouterr().out
    assert api_token_authenticate(key) is None
    call_command("api_token", "list", "--email", "staff@zarechny.ru")
    assert "отозван" in capsys.readouterr().out


def test_command_names_the_problem(staff_user):
    with pytest.raises(CommandError, match="Нет пользователя с email nobody@x.ru"):
        call_command("api_token", "list", "--email", "nobody@x.ru")
    with pytest.raises(CommandError, match="нет ключа, начинающегося с zzz"):
        call_command("api_token", "revoke", "--email", "staff@zarechny.ru", "--prefix", "zzz")
