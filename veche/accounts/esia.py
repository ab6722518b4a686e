"""ESIA (Gosuslugi) as an OpenID Connect provider: the client side of the authorization-code
flow with state, nonce and PKCE.

Configured by settings.VECHE_ESIA (ENABLED, ISSUER, CLIENT_ID, CLIENT_SECRET, SCOPE). The
provider's endpoints come from its discovery document; ID tokens are verified against its JWKS
(signature, issuer, audience, expiry, nonce) before anything in them is believed. The production
ESIA gateway signs client requests with GOST keys through a crypto-provider proxy; such a proxy
presents this standard OIDC face, which is what this client speaks (see docs/auth.md).
"""

from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

HTTP_TIMEOUT = 10
CACHE_SECONDS = 3600


class EsiaError(Exception):
    """The provider answered something we must not trust; the login is refused."""


@dataclass
class AuthRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


def esia_settings() -> dict:
    return settings.VECHE_ESIA


def esia_enabled() -> bool:
    conf = esia_settings()
    return bool(conf.get("ENABLED") and conf.get("ISSUER") and conf.get("CLIENT_ID"))


def _get_json(url: str, **kwargs) -> Any:
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT, **kwargs)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        raise EsiaError(f"ESIA request to {url} failed: {exc}") from exc


def discovery() -> dict:
    issuer = esia_settings()["ISSUER"].rstrip("/")
    key = f"veche:esia:discovery:{issuer}"
    doc = cache.get(key)
    if doc is None:
        doc = _get_json(f"{issuer}/.well-known/openid-configuration")
        if doc.get("issuer", "").rstrip("/") != issuer:
            raise EsiaError("Discovery document names another issuer")
        cache.set(key, doc, CACHE_SECONDS)
    return doc


def _key_set(refresh: bool = False) -> KeySet:
    uri = discovery()["jwks_uri"]
    key = f"veche:esia:jwks:{uri}"
    data = None if refresh else cache.get(key)
    if data is None:
        data = _get_json(uri)
        cache.set(key, data, CACHE_SECONDS)
    try:
        return KeySet.import_key_set(data)
    except (JoseError, ValueError, KeyError) as exc:
        raise EsiaError(f"Unusable JWKS: {exc}") from exc


def _session(redirect_uri: str) -> OAuth2Session:
    conf = esia_settings()
    methods = discovery().get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return OAuth2Session(
        client_id=conf["CLIENT_ID"], client_secret=conf["CLIENT_SECRET"], scope=conf["SCOPE"],
        redirect_uri=redirect_uri, code_challenge_method="S256",
        token_endpoint_auth_method=(
            "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
        ),
    )


def authorization_request(redirect_uri: str) -> AuthRequest:
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(48)
    with _session(redirect_uri) as session:
        url, _ = session.create_authorization_url(
            discovery()["authorization_endpoint"], state=state, nonce=nonce,
            code_verifier=verifier,
        )
    return AuthRequest(url=url, state=state, nonce=nonce, code_verifier=verifier)


def exchange_code(*, code: str, redirect_uri: str, code_verifier: str) -> dict:
    try:
        with _session(redirect_uri) as session:
            token = session.fetch_token(
                discovery()["token_endpoint"], grant_type="authorization_code", code=code,
                code_verifier=code_verifier, timeout=HTTP_TIMEOUT,
            )
    except Exception as exc:  # authlib raises OAuthError, requests its own; both mean "refused"
        raise EsiaError(f"Token exchange failed: {exc}") from exc
    if not token.get("id_token") or not token.get("access_token"):
        raise EsiaError("Token response lacks id_token or access_token")
    return dict(token)


def verify_id_token(id_token: str, *, nonce: str) -> dict:
    """The ID token's claims, after checking signature (RS256 against the provider's JWKS),
    issuer, audience, expiry and that the nonce is the one this browser was given."""
    conf = esia_settings()
    try:
        try:
            token = jwt.decode(id_token, _key_set(), algorithms=["RS256"])
        except (JoseError, ValueError):
            # The provider may have rotated its keys since we cached them: fetch once more.
            token = jwt.decode(id_token, _key_set(refresh=True), algorithms=["RS256"])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": discovery()["issuer"]},
            sub={"essential": True},
            aud={"essential": True, "value": conf["CLIENT_ID"]},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise EsiaError(f"ID token refused: {exc}") from exc
    return dict(token.claims)


def fetch_userinfo(access_token: str, *, subject: str) -> dict:
    endpoint = discovery().get("userinfo_endpoint")
    if not endpoint:
        return {}
    info = _get_json(endpoint, headers={"Authorization": f"Bearer {access_token}"})
    if info.get("sub") != subject:
        raise EsiaError("Userinfo belongs to another subject")
    return info
