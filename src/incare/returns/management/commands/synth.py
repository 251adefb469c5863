"""``incare synth``: a synthetic authority's multi-year 903 store (docs/synthetic-data.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from incare.ssda903.spec import load_spec
from incare.synth import SynthError, UnknownAuthorityError, generate_store
from incare.synth.store import DEFAULT_CHILDREN, MAX_CHILDREN, MIN_CHILDREN
from incare.synth.years import recent_years


def parse_years(text: str) -> range:
    """``2019-2024`` or ``2024``, within the 903 specification's years."""
    spec = load_spec()
    first, _, last = text.partition("-")
    try:
        years = range(int(first), int(last or first) + 1)
    except ValueError:
        raise CommandError(f"--years must be like 2019-2024 or 2024, not {text!r}") from None
    if not years:
        raise CommandError(f"--years {text}: the first year is after the last")
    if years[0] < spec.first_year or years[-1] > spec.last_year:
        raise CommandError(
            f"--years {text}: the 903 specification covers {spec.first_year} to {spec.last_year}"
        )
    return years


class Command(BaseCommand):
    help = "Write a synthetic local authority's 903 returns, one folder per collection year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="folder to write the store to")
        parser.add_argument(
            "--children",
            type=int,
            help=f"children looked after at 31 March of the final year ({MIN_CHILDREN}-"
            f"{MAX_CHILDREN:,}); default: {DEFAULT_CHILDREN}, or with --like that "
            "authority's published number",
        )
        parser.add_argument(
            "--years",
            help="e.g. 2019-2024 or 2024; default: the ten collection years to the latest "
            "that has ended (to 31 March), e.g. 2017-2026 from April 2026",
        )
        parser.add_argument("--seed", type=int, default=1, help="same seed, same files")
        parser.add_argument("--like", help="calibrate to this local authority's published figures")

    def handle(self, *args: Any, **options: Any) -> None:
        years = (
            parse_years(options["years"])
            if options["years"]
            else recent_years(timezone.localdate())
        )
        children = options["children"]
        if children is None and not options["like"]:
            children = DEFAULT_CHILDREN
        if children is not None and not MIN_CHILDREN <= children <= MAX_CHILDREN:
            raise CommandError(f"--children must be {MIN_CHILDREN} to {MAX_CHILDREN:,}")

        def progress(message: str) -> None:
            self.stderr.write(message)
            self.stderr.flush()

        try:
            summary = generate_store(
                out=options["out"],
                children=children,
                years=years,
                seed=options["seed"],
                like=options["like"],
                progress=progress,
            )
        except (SynthError, UnknownAuthorityError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Wrote {summary.folder} ({summary.authority}, seed {summary.seed}): "
            f"{summary.children:,} looked after at 31 March {years[-1]}"
        )
        for year in summary.years:
            counts = ", ".join(f"{name} {n:,}" for name, n in summary.rows[year].items())
            self.stdout.write(f"  {year}: {summary.looked_after[year]:,} in care; {counts}")
