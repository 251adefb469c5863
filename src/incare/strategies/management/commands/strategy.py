"""``incare strategy check FILE`` | ``load FILE [--user U]`` | ``list [--format json|table]``.

Thin: ``check`` reads the file with :func:`incare.strategies.definition.read_definition`
(no database), ``load`` calls :func:`incare.strategies.services.do_load_strategy`, ``list``
calls :func:`incare.strategies.queries.list_strategies`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incare.accounts.models import User
from incare.strategies.catalogue import CatalogueError
from incare.strategies.definition import DefinitionError, StrategyDefinition, read_definition


def read_or_fail(path: Path) -> StrategyDefinition:
    """The checked definition, or a CommandError listing every problem with its line."""
    try:
        return read_definition(path)
    except DefinitionError as error:
        count = len(error.problems)
        raise CommandError(
            f"{count} problem{'s' if count != 1 else ''} in {path}:\n{error}"
        ) from None
    except CatalogueError as error:
        raise CommandError(f"the local measures catalogue is malformed: {error}") from None


def summary(definition: StrategyDefinition) -> str:
    actions = sum(1 for _ in definition.actions)
    measures = list(definition.measures)
    linked = sum(1 for m in measures if m.measurable)
    differences = sum(len(o.differences) for o in definition.outcomes)
    return (
        f"{definition.id}: {definition.title} ({definition.la_name}, "
        f"{definition.period_start} to {definition.period_end}): "
        f"{len(definition.outcomes)} outcomes, {differences} differences, {actions} actions, "
        f"{len(measures)} success measures ({linked} linked to an indicator or local measure), "
        f"{len(definition.pledge)} pledges"
    )


def user_named(username: str) -> User | None:
    """The acting user named by ``--user`` (as ``incare import`` does), or None."""
    if not username:
        return None
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist as exc:
        raise CommandError(f"there is no user called {username}") from exc


class Command(BaseCommand):
    help = "Check, load or list corporate parenting strategy definitions."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="check a definition file; store nothing")
        check.add_argument("file", type=Path)
        load = sub.add_parser("load", help="check and store a definition (all or nothing)")
        load.add_argument("file", type=Path)
        load.add_argument("--user", default="", help="username to record as loading")
        listing = sub.add_parser("list", help="the strategies held")
        listing.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "check":
            definition = read_or_fail(options["file"])
            self.stdout.write(f"OK {options['file']}")
            self.stdout.write(summary(definition))
        elif action == "load":
            self._load(options["file"], user_named(options["user"]))
        else:
            self._list(options["format"])

    def _load(self, path: Path, user: User | None) -> None:
        from incare.strategies.services import LoadError, do_load_strategy

        definition = read_or_fail(path)
        try:
            strategy = do_load_strategy(definition, acting_user=user)
        except LoadError as error:
            raise CommandError(f"{path}: {error}\nNothing was stored.") from None
        self.stdout.write(
            f"Loaded {path} as strategy {strategy.slug} ({strategy.local_authority})."
        )
        self.stdout.write(summary(definition))

    def _list(self, output_format: str) -> None:
        from incare.strategies.queries import list_strategies

        rows = list_strategies()
        if output_format == "json":
            self.stdout.write(json.dumps(rows))
            return
        if not rows:
            self.stdout.write("No strategies are loaded.")
        for row in rows:
            self.stdout.write(
                f"{row['id']:<28} {row['local_authority']:<20} {row['start']} to {row['end']}  "
                f"{row['title']}"
            )
