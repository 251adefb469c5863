"""A stand-in OpenID Connect provider on a loopback port, shaped like Microsoft Entra ID.

It serves discovery, an authorization endpoint that signs in whoever the test says (no
page), a token endpoint that checks the client secret, the code and its PKCE verifier, and
a JWKS. ID tokens are RS256 JWTs signed here with `cryptography` (not with the library under
test), carrying Entra's claims: ``oid``, ``tid``, ``email``, ``preferred_username``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlparse

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

TENANT = "9a8b7c6d-0000-4000-8000-000000000877"
CLIENT_ID = "incare-test-client"
CLIENT_SECRET = "stand-in-secret"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(number: int) -> str:
    return b64url(number.to_bytes((number.bit_length() + 7) // 8, "big"))


@dataclass
class StandInProvider:
    """``provider.person = {...claims...}``; ``provider.metadata_url`` for incare's settings."""

    person: dict[str, Any] = field(default_factory=dict)
    # Tests spoil the next ID token to see it refused: a different "aud", a foreign key, ...
    spoil: dict[str, Any] = field(default_factory=dict)
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    base: str = ""

    @property
    def issuer(self) -> str:
        return f"{self.base}/{TENANT}/v2.0"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.base}/{TENANT}/oauth2/v2.0/authorize",
            "token_endpoint": f"{self.base}/{TENANT}/oauth2/v2.0/token",
            "jwks_uri": f"{self.base}/{TENANT}/discovery/v2.0/keys",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict[str, Any]:
        numbers = self.key.public_key().public_numbers()
        jwk = {"kty": "RSA", "use": "sig", "kid": "stand-in-1", "alg": "RS256"}
        return {"keys": [{**jwk, "n": _int_b64(numbers.n), "e": _int_b64(numbers.e)}]}

    def authorize(self, query: dict[str, str]) -> str:
        """Sign in ``self.person`` at once and send them back with a code."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        back = {"code": code, "state": query["state"]}
        return f"{query['redirect_uri']}?{urlencode(back)}"

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        asked = self.codes.pop(form.get("code", ""), None)
        if asked is None or form.get("redirect_uri") != asked["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 401, {"error": "invalid_client"}
        verifier = form.get("code_verifier", "")
        if b64url(hashlib.sha256(verifier.encode()).digest()) != asked.get("code_challenge"):
            return 400, {"error": "invalid_grant", "error_description": "PKCE check failed"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "nonce": asked["nonce"],
            "tid": TENANT,
            "sub": "pairwise-" + str(self.person.get("oid", "")),
            **self.person,
            **self.spoil.get("claims", {}),
        }
        key = self.spoil.get("key", self.key)
        return 200, {
            "token_type": "Bearer",
            "access_token": secrets.token_urlsafe(24),
            "expires_in": 3600,
            "id_token": self.sign(claims, key),
        }

    @staticmethod
    def sign(claims: dict[str, Any], key: rsa.RSAPrivateKey) -> str:
        header = {"alg": "RS256", "typ": "JWT", "kid": "stand-in-1"}
        head = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        signature = key.sign(head.encode(), padding.PKCS1v15(), hashes.SHA256())
        return head + "." + b64url(signature)


def serve(provider: StandInProvider) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path.endswith("/.well-known/openid-configuration"):
                self._json(200, provider.metadata())
            elif url.path.endswith("/discovery/v2.0/keys"):
                self._json(200, provider.jwks())
            elif url.path.endswith("/oauth2/v2.0/authorize"):
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                self.send_response(302)
                self.send_header("Location", provider.authorize(query))
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            basic = self.headers.get("Authorization", "")
            if basic.startswith("Basic "):  # client_secret_basic (RFC 6749 §2.3.1)
                pair = base64.b64decode(basic[6:]).decode()
                form["client_id"], form["client_secret"] = map(unquote_plus, pair.split(":", 1))
            self._json(*provider.token(form))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    provider.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
