"""Screenshots of the main pages, as each role sees them, into docs/screenshots/.

    .venv/bin/python scripts/take-screenshots.py [--out docs/screenshots] [--keep DIR]

Sets up the demo (`incare demo --no-serve`: a synthetic authority like Warrington, one user
per role, the seed strategies, caseloads) in a throwaway data folder, serves it with
`incare serve`, and drives Debian's Chromium with Playwright through the sign-in form as a
person would. Synthetic children only. Run by hand when the pages change; the images are
referenced from docs/web.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("INCARE_CHROMIUM", "/usr/bin/chromium")
STRATEGY = "warrington-2021-22"
MOST_HEIGHT = 2000

# (role, file name, path or None for "the first child of the worklist", what it shows)
SHOTS = [
    ("analyst", "overview-analyst", "/", "the overview"),
    ("councillor", "overview-councillor", "/", "the overview, disclosure-controlled"),
    ("analyst", "scorecard-analyst", f"/strategies/{STRATEGY}/scorecard/", "the scorecard"),
    ("councillor", "scorecard-councillor", f"/strategies/{STRATEGY}/scorecard/", "scorecard"),
    ("analyst", "indicator-analyst", "/indicators/placement_moves_3plus/", "an indicator"),
    ("councillor", "indicator-councillor", "/indicators/placement_moves_3plus/", "indicator"),
    ("analyst", "action-plan", f"/strategies/{STRATEGY}/actions/", "the action plan"),
    ("councillor", "packs", f"/strategies/{STRATEGY}/packs/", "the packs page"),
    ("social_worker", "worklist-social-worker", "/worklists/", "a social worker's worklist"),
    ("social_worker", "child-social-worker", None, "a child's timeline and due dates"),
    ("health", "child-nurse", None, "the same child for the nurse"),
    ("analyst", "data-analyst", "/data/", "import runs"),
    ("administrator", "audit-log", "/audit/", "the audit log"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sign_in(page: Page, base: str, role: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill(role)
    page.get_by_label("Password").fill(f"demo-{role}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^(?!.*sign-in).*$"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--keep", type=Path, help="data folder to use and keep (default: temp)")
    args = parser.parse_args()
    data = args.keep or Path(tempfile.mkdtemp(prefix="incare-screenshots-"))
    env = {**os.environ, "INCARE_DATA_DIR": str(data), "INCARE_ENV": "development"}
    env.pop("DATABASE_URL", None)
    subprocess.run([str(BIN / "incare"), "demo", "--no-serve"], env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "incare"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(f"{base}/sign-in/", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="en-GB")
            page.set_default_timeout(60_000)
            child = ""
            signed_in_as = ""
            for role, name, path, _what in SHOTS:
                if role != signed_in_as:
                    sign_in(page, base, role)
                    signed_in_as = role
                if path is None:
                    if not child:
                        page.goto(f"{base}/worklists/")
                        child = page.locator("table a[href^='/children/']").first.inner_text()
                    path = f"/children/{child}/"
                page.goto(base + path)
                # The top of each page, to a length that shows its main content: JPEG, so
                # the images stay small enough to keep in the repository.
                height = min(page.evaluate("document.body.scrollHeight"), MOST_HEIGHT)
                page.screenshot(
                    path=str(args.out / f"{name}.jpg"),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": 1200, "height": height},
                    type="jpeg",
                    quality=70,
                )
                print(f"{name}.jpg: {role} {path}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.keep is None:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
