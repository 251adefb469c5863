"""Security headers on every page, and production's refusal to start unconfigured (§4)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_response_carries_the_security_headers(client: Client) -> None:
    response = client.get("/sign-in/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "form-action 'self'" in policy
    assert "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy


def test_the_one_inline_script_runs_by_a_nonce_fresh_on_each_response(client: Client) -> None:
    nonces = []
    for _ in range(2):
        response = client.get("/sign-in/")
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
        assert nonce
        html = response.content.decode()
        assert html.count("<script nonce=") == 1
        assert f'<script nonce="{nonce.group(1)}">' in html
        nonces.append(nonce.group(1))
    assert nonces[0] != nonces[1]


def run_production(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Start Django with INCARE_ENV=production and fetch the sign-in page over HTTPS and HTTP."""
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "c = Client()\n"
        "s = c.get('/sign-in/', secure=True, HTTP_HOST='incare.council.example')\n"
        "p = c.get('/sign-in/', HTTP_HOST='incare.council.example')\n"
        "hsts = s.headers.get('Strict-Transport-Security')\n"
        "print(json.dumps({'status': s.status_code, 'hsts': hsts,"
        " 'plain': p.status_code, 'location': p.headers.get('Location')}))\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("INCARE_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", script],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "incare.settings",
            "INCARE_ENV": "production",
            "INCARE_DATA_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["INCARE_SECRET_KEY", "INCARE_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secret_and_hosts(
    tmp_path: Path, missing: str
) -> None:
    env = {"INCARE_SECRET_KEY": "k" * 50, "INCARE_ALLOWED_HOSTS": "incare.council.example"}
    del env[missing]
    result = run_production(tmp_path, **env)
    assert result.returncode != 0
    assert f"{missing} must be set when INCARE_ENV=production" in result.stderr


def test_production_sends_hsts_and_redirects_plain_http(tmp_path: Path) -> None:
    result = run_production(
        tmp_path, INCARE_SECRET_KEY="k" * 50, INCARE_ALLOWED_HOSTS="incare.council.example"
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 200
    assert seen["hsts"] == "max-age=31536000"
    assert seen["plain"] == 301
    assert seen["location"] == "https://incare.council.example/sign-in/"
