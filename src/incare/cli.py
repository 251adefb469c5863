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

        sys.exit(validate(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incare.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["incare", *args])


if __name__ == "__main__":
    main()
