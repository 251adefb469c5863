"""`incare serve`: gunicorn answers, serves static files, and Ctrl-C stops it cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, *, seconds: float = 60) -> bytes:
    # Generous: on a busy two-core CI machine gunicorn and collectstatic can take a while.
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
def test_serve_answers_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "INCARE_DATA_DIR": str(tmp_path), "INCARE_ENV": "development"}
    env.pop("DATABASE_URL", None)  # the sign-in page needs no database rows
    server = subprocess.Popen(
        [sys.executable, "-m", "incare.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        page = wait_for(f"http://127.0.0.1:{port}/sign-in/")
        assert b"<title>Sign in" in page
        assert b"govuk-template" in wait_for(f"http://127.0.0.1:{port}/static/core/app.css")
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output.decode()
    assert b"Shutting down" in output
