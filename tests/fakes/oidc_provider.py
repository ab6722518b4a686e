"""A fake OpenID Connect provider standing in for ESIA (Gosuslugi) in tests.

It really serves, over HTTP on 127.0.0.1 in a background thread:
  /.well-known/openid-configuration, /authorize, /token, /jwks, /userinfo
with the authorization-code flow, client authentication (basic or post), PKCE S256, and ID
tokens signed RS256 by a key published in /jwks. `tamper` makes it misbehave the way a forged or
replayed login would look: "bad_signature" (signed by a key it does not publish, same kid),
"wrong_nonce", "wrong_audience", "wrong_issuer", "expired".

    with FakeOidcProvider(client_id="veche", client_secret="s3cret") as provider:
        provider.person = {"sub": "esia-1", "family_name": "Иванова", ...}
        ... point settings.VECHE_ESIA["ISSUER"] at provider.issuer ...
"""

import base64
import hashlib
import json
import secrets
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.fakes.server import LocalServer

DEFAULT_PERSON = {
    "sub": "esia-1000001",
    "family_name": "Смирнова",
    "given_name": "Анна",
    "middle_name": "Сергеевна",
    "birthdate": "1961-03-08",
    "email": "anna.smirnova@example.ru",
    "email_verified": True,
    "phone_number": "+79123456789",
    "phone_number_verified": True,
}


_KEYS: list = []


def _keys():
    """The published key and a rogue one with the same kid; made once per process (RSA key
    generation is the slow part of starting a provider)."""
    if not _KEYS:
        _KEYS.extend(RSAKey.generate_key(2048, parameters={"kid": "esia-key-1"}) for _ in range(2))
    return _KEYS[0], _KEYS[1]


class FakeOidcProvider(LocalServer):
    def __init__(self, *, client_id: str = "veche-test", client_secret: str = "s3cret"):
        self.client_id, self.client_secret = client_id, client_secret
        self.person = dict(DEFAULT_PERSON)
        self.tamper: str | None = None
        self.key, self.rogue_key = _keys()
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.jwks_requests = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self._start_thread()

    # --- what the endpoints answer -------------------------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
        }

    def authorize(self, params: dict) -> tuple[int, dict]:
        if params.get("client_id") != self.client_id or params.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        if "openid" not in params.get("scope", "").split():
            return 400, {"error": "invalid_scope"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": params["redirect_uri"], "nonce": params.get("nonce"),
            "challenge": params.get("code_challenge"), "person": dict(self.person),
        }
        query = urlencode({"code": code, "state": params.get("state", "")})
        return 302, {"Location": f"{params['redirect_uri']}?{query}"}

    def token(self, form: dict, authorization: str | None) -> tuple[int, dict]:
        self.token_requests.append(dict(form))
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
        if grant["challenge"] and digest.decode() != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "pkce"}
        access = secrets.token_urlsafe(24)
        self.access_tokens[access] = grant["person"]
        return 200, {"access_token": access, "token_type": "Bearer", "expires_in": 3600,
                     "id_token": self.id_token(grant["person"]["sub"], grant["nonce"])}

    def id_token(self, subject: str, nonce: str | None) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": subject, "aud": self.client_id, "iat": now,
                  "exp": now + 300, "auth_time": now, "nonce": nonce}
        if self.tamper == "wrong_nonce":
            claims["nonce"] = "a-nonce-from-another-login"
        elif self.tamper == "wrong_audience":
            claims["aud"] = "someone-else"
        elif self.tamper == "wrong_issuer":
            claims["iss"] = "http://127.0.0.1:1"
        elif self.tamper == "expired":
            claims.update(iat=now - 3600, exp=now - 1800)
        key = self.rogue_key if self.tamper == "bad_signature" else self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    def userinfo(self, authorization: str | None) -> tuple[int, dict]:
        token = (authorization or "").removeprefix("Bearer ")
        person = self.access_tokens.get(token)
        if person is None:
            return 401, {"error": "invalid_token"}
        return 200, person

    # --- HTTP plumbing -------------------------------------------------------------------

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                url = urlparse(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, provider.discovery())
                elif url.path == "/jwks":
                    provider.jwks_requests += 1
                    self._json(200, {"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/authorize":
                    status, data = provider.authorize(params)
                    if status == 302:
                        self.send_response(302)
                        self.send_header("Location", data["Location"])
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    else:
                        self._json(status, data)
                elif url.path == "/userinfo":
                    self._json(*provider.userinfo(self.headers.get("Authorization")))
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlparse(self.path).path == "/token":
                    self._json(*provider.token(form, self.headers.get("Authorization")))
                else:
                    self._json(404, {"error": "not_found"})

            def _json(self, status, data):
                raw = json.dumps(data, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        return Handler
