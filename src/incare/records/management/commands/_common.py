"""What the record import commands share: which authority, and who is importing."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from incare.accounts.models import User
from incare.children.models import LocalAuthority


def add_common_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--la",
        default="",
        help="DfE local authority number (default: INCARE_LA_CODE, or the only one)",
    )
    parser.add_argument("--user", default="", help="username to record as importing")


def authority(code: str) -> LocalAuthority:
    """The authority whose 903 data the records belong to; it must have been imported."""
    chosen = code or settings.LOCAL_AUTHORITY_CODE
    if chosen:
        found = LocalAuthority.objects.filter(code=chosen).first()
        if found is None:
            raise CommandError(
                f"there is no local authority {chosen}: import its 903 data first (incare import)"
            )
        return found
    authorities = list(LocalAuthority.objects.all()[:2])
    if len(authorities) == 1:
        return authorities[0]
    raise CommandError("which local authority? Give --la CODE (the DfE number, e.g. 877)")


def user(username: str) -> User | None:
    if not username:
        return None
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist as exc:
        raise CommandError(f"there is no user called {username}") from exc


def counts_table(counts: dict[str, dict[str, int]]) -> str:
    columns = ("read", "added", "changed", "removed")
    lines = [f"{'records':<26}" + "".join(f"{c:>10}" for c in columns)]
    for name, row in counts.items():
        lines.append(f"{name:<26}" + "".join(f"{row[c]:>10}" for c in columns))
    return "\n".join(lines)
