"""Sending SMS. The sender is pluggable: settings.VECHE_SMS_SENDER names a class with
`send(phone, text)`; a town plugs in its operator by writing one such class or by pointing the
HTTP gateway sender at its operator's endpoint.

- ConsoleSmsSender (development default): writes the message to the log and stdout, so the demo
  shows the login code in the server console.
- HttpGatewaySmsSender: POSTs {"phone": "+7…", "text": "…"} as JSON to VECHE_SMS_GATEWAY_URL
  (with `Authorization: Bearer VECHE_SMS_GATEWAY_TOKEN` when set); any non-2xx answer is an error.
- LocmemSmsSender: keeps messages in `LocmemSmsSender.outbox`, like Django's locmem mail backend.
"""

import logging
from typing import Protocol

import requests
from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("veche.sms")


class SmsError(Exception):
    """The message could not be handed to the operator."""


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSmsSender:
    def send(self, phone: str, text: str) -> None:
        line = f"SMS для {phone}: {text}"
        log.warning(line)
        print(line, flush=True)


class LocmemSmsSender:
    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        type(self).outbox.append((phone, text))


class HttpGatewaySmsSender:
    timeout = 10

    def __init__(self, url: str | None = None, token: str | None = None):
        self.url = url if url is not None else settings.VECHE_SMS_GATEWAY_URL
        self.token = token if token is not None else getattr(
            settings, "VECHE_SMS_GATEWAY_TOKEN", ""
        )
        if not self.url:
            raise SmsError("VECHE_SMS_GATEWAY_URL is not set")

    def send(self, phone: str, text: str) -> None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            response = requests.post(
                self.url, json={"phone": phone, "text": text}, headers=headers,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise SmsError(f"SMS gateway unreachable: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise SmsError(f"SMS gateway answered {response.status_code}: {response.text[:200]}")


def get_sms_sender() -> SmsSender:
    return import_string(settings.VECHE_SMS_SENDER)()


def sms_send(*, phone: str, text: str) -> None:
    get_sms_sender().send(phone, text)
