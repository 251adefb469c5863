"""``incare scorecard --strategy ID --as-at 2024-03-31 [--format table|json|csv] [--user U]``.

Thin: finds the strategy and calls :func:`incare.strategies.scorecard.build_scorecard`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incare.strategies import report
from incare.strategies.management.commands.strategy import user_named
from incare.strategies.queries import UnknownStrategyError, get_strategy
from incare.strategies.scorecard import build_scorecard


def as_at_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-at must be a date like 2024-03-31, not {text!r}") from None


class Command(BaseCommand):
    help = "Every success measure of a strategy: value, target, RAG and why, trend, benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--strategy", required=True, help="the strategy id (incare strategy list)"
        )
        parser.add_argument("--as-at", required=True, help="the date, e.g. 2024-03-31")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--user", default="", help="username to record as reading it")

    def handle(self, *args: Any, **options: Any) -> None:
        as_at = as_at_date(options["as_at"])
        try:
            strategy = get_strategy(options["strategy"])
        except UnknownStrategyError as error:
            raise CommandError(str(error)) from None
        scorecard = build_scorecard(strategy, as_at=as_at, acting_user=user_named(options["user"]))
        if options["format"] == "json":
            self.stdout.write(report.as_json(scorecard))
        elif options["format"] == "csv":
            self.stdout.write(report.as_csv(scorecard), ending="")
        else:
            self.stdout.write(report.as_table(scorecard))
