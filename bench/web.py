"""Time every page a signed-in analyst reaches, with 50 concurrent users, on PostgreSQL.

    scripts/with-postgres .venv/bin/python bench/web.py [--children 400] [--users 50]
        [--requests 30] [--runs 3] [--workers 2×cores+1] [--strategy warrington-2021-22]
        [--indicator placement_moves_3plus] [--think 1-5]

(Started without a PostgreSQL DATABASE_URL, it runs itself again under
``scripts/with-postgres``, which makes a throwaway cluster and deletes it afterwards.)

Sets the database up as ``incare demo`` does: migrations, a synthetic authority like
Warrington with ``--children`` in care at the last 31 March (ten collection years) and its
records beyond the 903, one user per role; then the strategy with a progress update on every
action, so the scorecard and action plan have something to show. Serves the app with gunicorn
as ``incare serve`` does (static files by WhiteNoise), but in production posture
(INCARE_ENV=production, a secret key and allowed hosts set for the run; HTTPS redirect off,
as nothing here speaks TLS), with ``--workers`` sync workers.

Each of ``--users`` virtual users signs in through the sign-in form (as the analyst; as the
administrator for the audit log, which only administrators read; and as a councillor for the
councillors' disclosure-controlled scorecard), then the users fetch,
all at once, a shuffled list of ``--requests`` requests per page: each user reads each page for
``--think`` seconds (uniform between A and B, as a load tester's users do) before asking for
the next (each starting part-way through a first page, so that they do not all ask at the same
instant), or asks again at once with ``--think 0`` (the default: the server saturated, every
user always waiting). A child page or a child's records is a different child in care each
time. A request counts as an error unless it answers 200. Per run and page: median and 95th
percentile of the time a user waits (client side: queueing for a worker included) and of the
time the worker spent on it (gunicorn's own ``%(D)s``); per run: requests per second. The
table gives the median over the runs of each per-run figure. Goal (issue 7): p95 under 200 ms.
"""

from __future__ import annotations

import argparse
import os
import queue
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# gunicorn's access log, one line a request: method and path, status, microseconds in the worker.
LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s ?%(q)s"


@dataclass
class Page:
    name: str
    path: str
    """May hold ``{child}``: a different child in care on each request."""
    role: str = "analyst"
    """Who asks: the analyst (who sees everything), else the administrator for the audit log
    and the councillor for the councillors' (disclosure-controlled) scorecard."""

    def pattern(self) -> re.Pattern[str]:
        return re.compile("^" + re.escape(self.path).replace(r"\{child\}", "[^/]+") + "$")


@dataclass
class Sample:
    page: str
    seconds: float
    ok: bool


@dataclass
class RunResult:
    samples: list[Sample] = field(default_factory=list)
    wall: float = 0.0
    server: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    load_before: float = 0.0
    load_after: float = 0.0


def p95(values: list[float]) -> float:
    """95th percentile, interpolated between the two nearest ranks (as numpy's default)."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- setting the database up ------------------------------------------------------------------


def set_up(work: Path, *, children: int, seed: int, strategy_id: str) -> dict[str, object]:
    """As ``incare demo`` does, plus a strategy; returns what the pages need (ids, slugs)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from incare.accounts.roles import Role
    from incare.accounts.services import do_create_user
    from incare.children.models import Child
    from incare.children.services import do_save_local_authority
    from incare.core.management.commands.demo import demo_password, demo_years
    from incare.records.services import do_import_records_folder
    from incare.returns.models import ImportRun
    from incare.returns.services import do_import_store, read_store_metadata
    from incare.strategies.definition import read_definition
    from incare.strategies.services import do_add_progress_update, do_load_strategy
    from incare.synth import generate_store
    from incare.synth.records import RECORDS_FOLDER

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    store = work / "store"
    years = demo_years(timezone.localdate())
    generate_store(out=store, children=children, years=years, seed=seed, like="Warrington")
    metadata = read_store_metadata(store)
    authority = do_save_local_authority(
        code=str(metadata["la_code"]), name=str(metadata.get("la_name") or ""), acting_user=None
    )
    run = do_import_store(store, local_authority=authority, acting_user=None)
    do_import_records_folder(store / RECORDS_FOLDER, local_authority=authority, acting_user=None)
    for role in Role:
        admin = role is Role.ADMINISTRATOR
        do_create_user(role.value, role=role, password=demo_password(role), acting_user=None,
                       is_staff=admin, is_superuser=admin)  # fmt: skip
    strategy = do_load_strategy(
        read_definition(ROOT / "strategies" / f"{strategy_id}.yaml"), acting_user=None
    )
    for action in strategy.actions.all():
        do_add_progress_update(
            strategy=strategy, action_ref=action.ref, on=strategy.period_end, rag="amber",
            commentary="On track for the spring; the panel reviewed the plan this month.",
            acting_user=None,
        )  # fmt: skip
    call_command("collectstatic", interactive=False, verbosity=0)
    in_care = sorted(
        Child.objects.filter(
            local_authority=authority,
            episodes__collection_year=years[-1],
            episodes__dec__isnull=True,
        )
        .values_list("child_id", flat=True)
        .distinct()
    )
    facts: dict[str, object] = {
        "authority": str(authority),
        "years": f"{years[0]}-{years[-1]}",
        "rows": run.total_read,
        "in_care": in_care,
        "run_id": run.pk,
        "runs": ImportRun.objects.count(),
        "strategy": strategy.slug,
        "measures": strategy.measures.count(),
        "password": {role.value: demo_password(role) for role in Role},
    }
    connections.close_all()
    print(f"set up in {time.perf_counter() - started:.0f} s: {authority}, collection years "
          f"{facts['years']}, {run.total_read} rows read, {len(in_care)} children in care "
          f"at the last 31 March, strategy {strategy.slug}", flush=True)  # fmt: skip
    return facts


# -- the server -------------------------------------------------------------------------------


def start_server(work: Path, *, port: int, workers: int) -> tuple[subprocess.Popen[bytes], Path]:
    log = work / "access.log"
    env = dict(
        os.environ,
        INCARE_ENV="production",
        INCARE_SECRET_KEY=secrets.token_urlsafe(50),
        INCARE_ALLOWED_HOSTS="127.0.0.1,localhost",
        INCARE_SSL_REDIRECT="0",
        PYTHONPATH=str(ROOT / "src"),
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "incare.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--graceful-timeout=5",
            "--no-control-socket",  # as `incare serve`: two servers would share the one path
            f"--access-logfile={log}",
            f"--access-logformat={LOG_FORMAT}",
            f"--error-logfile={work / 'error.log'}",
        ],
        env=env,
        cwd=work,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped: see {work / 'error.log'}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/sign-in/", timeout=5).status_code == 200:
                return server, log
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not answer within 2 minutes")


def signed_in(base: str, username: str, password: str) -> requests.Session:
    """A browser's session after the sign-in form, keeping its cookies (over plain HTTP)."""
    session = requests.Session()
    form = session.get(f"{base}/sign-in/", timeout=60)
    token = CSRF_FIELD.search(form.text)
    if form.status_code != 200 or token is None:
        sys.exit(f"the sign-in page answered {form.status_code} without a CSRF token")
    # Production marks the session and CSRF cookies Secure, and a client only sends those
    # over HTTPS; nothing here speaks TLS, so the cookies go in a header of our own.
    session.headers["Cookie"] = f"csrftoken={form.cookies['csrftoken']}"
    answer = session.post(
        f"{base}/sign-in/",
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302 or "sessionid" not in answer.cookies:
        sys.exit(f"signing in as {username} answered {answer.status_code}, not a redirect")
    session.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in answer.cookies.items())
    return session


# -- the load ---------------------------------------------------------------------------------


def one_run(
    base: str,
    users: list[dict[str, requests.Session]],
    jobs: list[tuple[Page, str]],
    log: Path,
    pages: list[Page],
    think: tuple[float, float] = (0.0, 0.0),
    seed: int = 0,
) -> RunResult:
    result = RunResult(load_before=os.getloadavg()[0])
    work: queue.SimpleQueue[tuple[Page, str]] = queue.SimpleQueue()
    for job in jobs:
        work.put(job)
    lock = threading.Lock()
    start_line = log.read_text().count("\n")

    def user(number: int, sessions: dict[str, requests.Session]) -> None:
        mine: list[Sample] = []
        pause = random.Random(seed * 1000 + number)
        if think[1] > 0:
            # People do not all click at the same instant: each starts part-way through
            # reading a page, as in a steady state, rather than all 50 in one burst.
            time.sleep(pause.uniform(0, think[1]))
        while True:
            try:
                page, path = work.get_nowait()
            except queue.Empty:
                break
            session = sessions[page.role]
            started = time.perf_counter()
            try:
                response = session.get(base + path, allow_redirects=False, timeout=120)
                ok = response.status_code == 200
            except requests.RequestException:
                ok = False
            mine.append(Sample(page.name, time.perf_counter() - started, ok))
            if think[1] > 0:
                time.sleep(pause.uniform(*think))  # reading the page before the next
        with lock:
            result.samples.extend(mine)

    threads = [
        threading.Thread(target=user, args=(number, sessions))
        for number, sessions in enumerate(users)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - started
    result.load_after = os.getloadavg()[0]
    time.sleep(0.5)  # gunicorn writes its access log line after the response
    patterns = [(page, page.pattern()) for page in pages]
    for line in log.read_text().splitlines()[start_line:]:
        method, path, _status, micros, query = line.split()
        path += query if query != "?" else ""
        for page, pattern in patterns:
            if method == "GET" and pattern.match(path):
                result.server[page.name].append(int(micros) / 1e6)
                break
    return result


def report(pages: list[Page], runs: list[RunResult]) -> None:
    med = statistics.median
    print("\nmedian over the runs of each run's figure; times in ms; errors summed over runs")
    print("| page | median | p95 | server median | server p95 | errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    worst: list[tuple[float, str]] = []
    for page in pages:
        waits = [[s.seconds for s in r.samples if s.page == page.name] for r in runs]
        served = [r.server.get(page.name, []) for r in runs]
        errors = sum(1 for r in runs for s in r.samples if s.page == page.name and not s.ok)
        median_ms = med(med(w) for w in waits) * 1000
        p95_ms = med(p95(w) for w in waits) * 1000
        smed = med(med(s) for s in served if s) * 1000 if any(served) else float("nan")
        sp95 = med(p95(s) for s in served if s) * 1000 if any(served) else float("nan")
        worst.append((p95_ms, page.name))
        print(f"| {page.name} | {median_ms:.0f} | {p95_ms:.0f} | {smed:.0f} | {sp95:.0f} "
              f"| {errors} |")  # fmt: skip
    every = [[s.seconds for s in r.samples] for r in runs]
    throughput = med(len(r.samples) / r.wall for r in runs)
    print(f"| all pages | {med(med(w) for w in every) * 1000:.0f} | "
          f"{med(p95(w) for w in every) * 1000:.0f} | | | "
          f"{sum(not s.ok for r in runs for s in r.samples)} |")  # fmt: skip
    print(
        f"\nthroughput: {throughput:.1f} requests/s (median of {len(runs)} runs: "
        + ", ".join(f"{len(r.samples) / r.wall:.1f}" for r in runs)
        + ")"
    )
    met = [name for p, name in worst if p < 200]
    print(f"p95 under 200 ms: {len(met)} of {len(pages)} pages"
          + (f" ({', '.join(met)})" if met else ""))  # fmt: skip
    print("slowest by p95: " + ", ".join(f"{n} {p:.0f} ms" for p, n in sorted(worst)[::-1][:4]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=400)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=30, help="per page per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--strategy", default="warrington-2021-22")
    parser.add_argument("--indicator", default="placement_moves_3plus")
    parser.add_argument(
        "--think",
        default="0",
        help="seconds each user reads a page before the next, drawn uniformly from A-B "
        "(e.g. 1-5, as Locust's between(1, 5)); 0: none, every user asks again at once",
    )
    args = parser.parse_args()
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # Throwaway PostgreSQL 15 for the run, deleted afterwards.
        os.execv(ROOT / "scripts" / "with-postgres",
                 [str(ROOT / "scripts" / "with-postgres"), sys.executable, *sys.argv])  # fmt: skip

    work = Path(tempfile.mkdtemp(prefix="incare-bench-web-"))
    os.environ["INCARE_DATA_DIR"] = str(work)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incare.settings")
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} CPUs)", flush=True)  # fmt: skip
    facts = set_up(work, children=args.children, seed=args.seed, strategy_id=args.strategy)
    slug, in_care = facts["strategy"], list(facts["in_care"])  # type: ignore[call-overload]
    pages = [
        Page("overview", "/"),
        Page("scorecards list", "/strategies/"),
        Page("scorecard", f"/strategies/{slug}/scorecard/"),
        Page("action plan", f"/strategies/{slug}/actions/"),
        Page("indicators list", "/indicators/"),
        Page(f"indicator {args.indicator}", f"/indicators/{args.indicator}/"),
        Page("child", "/children/{child}/"),
        Page("child's records", "/records/{child}/"),
        Page("data (import runs)", "/data/"),
        Page("import run", f"/data/runs/{facts['run_id']}/"),
        Page("imports", "/imports/"),
        Page("worklist", "/worklists/"),
        Page("audit log (administrator)", "/audit/", role="administrator"),
        # "?by=": ignored by the page, only so that the server's log tells the two apart.
        Page(
            "scorecard (councillor)",
            f"/strategies/{slug}/scorecard/?by=councillor",
            role="councillor",
        ),
    ]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server, log = start_server(work, port=port, workers=args.workers)
    try:
        passwords: dict[str, str] = facts["password"]  # type: ignore[assignment]
        started = time.perf_counter()
        roles = sorted({page.role for page in pages})
        users = [
            {role: signed_in(base, role, passwords[role]) for role in roles}
            for _ in range(args.users)
        ]
        print(f"{args.users} users signed in ({len(roles)} times each) in "
              f"{time.perf_counter() - started:.1f} s; gunicorn with {args.workers} workers; "
              f"think time {args.think} s", flush=True)  # fmt: skip
        # Every page once before timing, so each worker's first-request work is not counted.
        for page in pages:
            session = users[0][page.role]
            response = session.get(base + page.path.format(child=in_care[0]), timeout=120)
            if response.status_code != 200:
                sys.exit(f"{page.name} ({page.path}) answered {response.status_code}")
        chooser = random.Random(args.seed)
        runs = []
        for number in range(1, args.runs + 1):
            jobs = [
                (page, page.path.format(child=chooser.choice(in_care)))
                for page in pages
                for _ in range(args.requests)
            ]
            chooser.shuffle(jobs)
            run = one_run(base, users, jobs, log, pages, think, seed=args.seed + number)
            runs.append(run)
            print(f"run {number}: {len(run.samples)} requests in {run.wall:.1f} s "
                  f"({len(run.samples) / run.wall:.1f}/s), "
                  f"{sum(not s.ok for s in run.samples)} errors; load average "
                  f"{run.load_before:.1f} before, {run.load_after:.1f} after",
                  flush=True)  # fmt: skip
        report(pages, runs)
    finally:
        server.terminate()
        server.wait(timeout=30)
        print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
