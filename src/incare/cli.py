"""The `incare` command: Django's management entry point with incare's own commands.

`incare migrate`, `incare synth`, `incare import`, `incare demo` and `incare serve` all run
through here, so DATABASE_URL selects the database everywhere.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incare.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["incare", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
