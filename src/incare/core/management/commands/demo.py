"""`incare demo`: a synthetic authority to explore, from nothing, in one command.

Creates the database, generates a synthetic multi-year store in DATA_DIR/demo-store,
imports it, makes one user per role and serves the app. Safe to run again: the store is
regenerated from the same seed, so the import finds nothing to change, and existing users
are kept. Refused in production: the demo users have published passwords.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

import incare
from incare.accounts.models import User
from incare.accounts.roles import ROLES, Role
from incare.accounts.services import do_create_user
from incare.children.services import do_save_local_authority
from incare.records.services import do_import_records_folder
from incare.returns.services import STORE_METADATA, do_import_store, read_store_metadata
from incare.strategies.definition import read_definition
from incare.strategies.services import do_load_strategy
from incare.synth import SynthError, UnknownAuthorityError, generate_store
from incare.synth.records import RECORDS_FOLDER
from incare.synth.years import recent_years

YEARS_OF_HISTORY = 10


DEMO_TEAMS = ("North team", "Central team", "South team")
"""The demo's children's social work teams (a council's own come from `incare caseloads`)."""
DEMO_CASELOAD = 15
"""Children per demo social worker."""


def demo_password(role: Role) -> str:
    """Published on purpose: demo users exist only outside production."""
    return f"demo-{role.value}"


def demo_years(today: date) -> range:
    """Up to ten collection years, ending with the latest that has ended by ``today``."""
    return recent_years(today, count=YEARS_OF_HISTORY)


class Command(BaseCommand):
    help = "Generate and import a synthetic authority, create demo users, and serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up, then stop")
        parser.add_argument(
            "--children",
            type=int,
            default=None,
            help="children in care at the last 31 March (default: as many as --like has)",
        )
        parser.add_argument("--like", default="Warrington", help="authority to resemble")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("the demo is not for production: its users' passwords are public")
        # A fresh clone has no data folder yet, and SQLite will not create one.
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        store = self._generate(options)
        self._import(store)
        self._load_strategies(store)
        created = self._users()
        self._caseloads(store)
        self._print_logins(created, port=options["port"])
        if not options["no_serve"]:
            self._serve(port=options["port"])

    def _serve(self, *, port: int) -> None:
        """Serve from a fresh process: generating and importing ran Polars' thread pool in
        this one, and gunicorn workers forked from it would inherit the pool's locks held
        and hang on their first Polars call (every figure page)."""
        self.stdout.flush()
        sys.stderr.flush()
        command = [sys.executable, "-m", "incare.cli", "serve", "--port", str(port)]
        os.execv(sys.executable, command)  # noqa: S606  (our own interpreter and arguments)

    def _generate(self, options: dict[str, Any]) -> Path:
        folder = Path(settings.DATA_DIR) / "demo-store"
        if folder.exists():
            if any(folder.iterdir()) and not (folder / STORE_METADATA).exists():
                raise CommandError(f"{folder} exists and is not a demo store: move it away")
            shutil.rmtree(folder)  # regenerated whole, so no year from an older run lingers
        years = demo_years(timezone.localdate())
        self.stderr.write(
            f"Generating a synthetic authority like {options['like']}, "
            f"collection years {years[0]}-{years[-1]} …"
        )
        try:
            generate_store(
                out=folder,
                children=options["children"],
                years=years,
                seed=options["seed"],
                like=options["like"],
                progress=self.stderr.write,
            )
        except (SynthError, UnknownAuthorityError) as exc:
            raise CommandError(str(exc)) from exc
        return folder

    def _import(self, folder: Path) -> None:
        metadata = read_store_metadata(folder)
        if not metadata.get("la_code"):
            raise CommandError(f"the synthetic store at {folder} names no local authority")
        authority = do_save_local_authority(
            code=str(metadata["la_code"]), name=str(metadata.get("la_name") or ""), acting_user=None
        )
        run = do_import_store(
            folder, local_authority=authority, acting_user=None, progress=self.stderr.write
        )
        changed = "no changes" if not run.changed_anything else f"{run.total_added} rows added"
        self.stdout.write(f"Imported {authority}: {run.total_read} rows read, {changed}.")
        records = do_import_records_folder(
            folder / RECORDS_FOLDER, local_authority=authority, acting_user=None
        )
        self.stdout.write(f"Imported its records beyond the 903: {len(records)} kinds.")

    def _load_strategies(self, store: Path) -> None:
        """The seed strategies of the demo's authority (strategies/*.yaml in the source
        tree), so its scorecards and action plans have something to show."""
        folder = Path(incare.__file__).resolve().parents[2] / "strategies"
        name = str(read_store_metadata(store).get("la_name") or "").casefold()
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            definition = read_definition(path)
            if definition.la_name.casefold() == name:
                do_load_strategy(definition, acting_user=None)
                self.stdout.write(f"Loaded the strategy {definition.id}: {definition.title}.")

    def _users(self) -> set[str]:
        created = set()
        for role in Role:
            if not User.objects.filter(username=role.value).exists():
                admin = role is Role.ADMINISTRATOR
                do_create_user(
                    role.value,
                    role=role,
                    password=demo_password(role),
                    acting_user=None,
                    is_staff=admin,
                    is_superuser=admin,
                )
                created.add(role.value)
        return created

    def _caseloads(self, store: Path) -> None:
        """Give the practitioners something to see, as a council's own caseload file would
        (`incare caseloads`): the children in care at the end of the data in caseloads of
        about ``DEMO_CASELOAD``, each worker in one of three teams. The team manager leads
        the first team, the social worker holds its first caseload, and the personal
        adviser is the adviser of the most care leavers."""
        from incare.children.models import Episode, LocalAuthority
        from incare.records.models import CareLeaver
        from incare.worklists.services import (
            CaseloadRow,
            do_assign_caseloads,
            do_set_staff_member,
        )

        code = str(read_store_metadata(store)["la_code"])
        authority = LocalAuthority.objects.get(code=code)
        held = Episode.objects.filter(child__local_authority=authority)
        latest = held.order_by("-collection_year").values_list("collection_year", flat=True)
        if not latest:
            return
        in_care = sorted(
            set(
                held.filter(collection_year=latest[0], dec__isnull=True)
                .exclude(ls__in=["V3", "V4"])
                .values_list("child__child_id", flat=True)
            )
        )
        if not in_care:
            return
        rows = []
        for number, child in enumerate(in_care):
            caseload = number // DEMO_CASELOAD
            team = DEMO_TEAMS[caseload % len(DEMO_TEAMS)]
            rows.append(CaseloadRow(number + 2, child, team, f"DW{caseload + 1:02d}"))
        do_assign_caseloads(rows, local_authority=authority, acting_user=None, source="demo")
        advisers = Counter(
            CareLeaver.objects.filter(child__local_authority=authority)
            .exclude(personal_adviser="")
            .values_list("personal_adviser", flat=True)
        )
        staff = {
            Role.TEAM_MANAGER: (DEMO_TEAMS[0], ""),
            Role.SOCIAL_WORKER: (DEMO_TEAMS[0], rows[0].worker),
            Role.PERSONAL_ADVISER: ("", advisers.most_common(1)[0][0] if advisers else ""),
        }
        for role, (team, worker) in staff.items():
            user = User.objects.get(username=role.value)
            do_set_staff_member(user, team=team, worker=worker, acting_user=None)
        workers = len({r.worker for r in rows})
        self.stdout.write(
            f"Assigned the {len(rows)} children in care to {workers} social workers in "
            f"{len(DEMO_TEAMS)} teams: social_worker holds {rows[0].worker}'s caseload and "
            f"team_manager leads the {DEMO_TEAMS[0]}."
        )

    def _print_logins(self, created: set[str], *, port: int) -> None:
        self.stdout.write("\nDemo users (one per role):")
        self.stdout.write(f"  {'username':<18}{'password':<24}role")
        for role in Role:
            self.stdout.write(f"  {role.value:<18}{demo_password(role):<24}{ROLES[role].label}")
        if len(created) < len(Role):
            self.stdout.write(
                "Users from an earlier run were kept with their passwords "
                "(change one with `incare changepassword USERNAME`)."
            )
        self.stdout.write(f"\nOpen http://127.0.0.1:{port}/ and sign in.")
