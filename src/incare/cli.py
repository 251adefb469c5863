"""The `incare` command: Django's management entry point with incare's own commands.

`incare migrate`, `incare synth`, `incare import`, `incare demo` and `incare serve` all run
through here, so DATABASE_URL selects the database everywhere.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["validate"]:
        # Files in, a report out: no database, so no Django start-up (docs/validation.md).
        from incare.validation.command import main as validate

        status = validate(args[1:])
        if argv is None:
            _leave_now(status)
        sys.exit(status)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incare.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["incare", *args])


def _leave_now(status: int) -> None:
    """End the ``incare`` program at once: the report is written and every file closed, and
    tearing down the interpreter's modules (Polars' hundreds) would add a tenth to the time a
    council waits for ``incare validate`` (bench/README.md). Only for the program itself:
    callers of :func:`main` with arguments get ``SystemExit`` as usual."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be said
        pass
    os._exit(status)


if __name__ == "__main__":
    main()
