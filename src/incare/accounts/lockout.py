"""Lockout after repeated failed sign-ins, counted per username and per address.

A username is locked after ``INCARE_LOCKOUT_USER_FAILURES`` failures within
``INCARE_LOCKOUT_MINUTES``, an address after ``INCARE_LOCKOUT_ADDRESS_FAILURES`` (higher,
because a council's staff often share one outgoing address). Each lockout lifts by itself
once its failures are older than the window, or when an administrator unlocks the username.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from incare.accounts.models import SignInFailure, User
from incare.audit import events


@dataclass(frozen=True)
class Lockout:
    by: Literal["username", "address"]
    until: datetime


def lockout_for(*, username: str, ip_address: str | None) -> Lockout | None:
    """The lockout in force for this username or address now, if any."""
    window = timedelta(minutes=settings.INCARE_LOCKOUT_MINUTES)
    since = timezone.now() - window
    recent = SignInFailure.objects.filter(occurred_at__gte=since)
    by_user = _locked_until(
        recent.filter(username__iexact=username), settings.INCARE_LOCKOUT_USER_FAILURES, window
    )
    if by_user:
        return Lockout("username", by_user)
    if ip_address:
        by_address = _locked_until(
            recent.filter(ip_address=ip_address),
            settings.INCARE_LOCKOUT_ADDRESS_FAILURES,
            window,
        )
        if by_address:
            return Lockout("address", by_address)
    return None


def _locked_until(
    failures: QuerySet[SignInFailure], limit: int, window: timedelta
) -> datetime | None:
    """Locked while ``limit`` failures are in the window: until the oldest of them leaves it."""
    times = list(failures.order_by("-occurred_at").values_list("occurred_at", flat=True)[:limit])
    return times[-1] + window if len(times) >= limit else None


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from, trusting ``INCARE_PROXY_COUNT`` proxies in front."""
    if request is None:
        return None
    proxies = settings.INCARE_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def do_record_sign_in_failure(*, username: str, ip_address: str | None) -> None:
    """A wrong password (or unknown username): counted towards lockout, and audited."""
    with transaction.atomic():
        SignInFailure.objects.create(username=username[:150], ip_address=ip_address)
        events.record(
            events.SIGN_IN_FAILED,
            acting_user=None,
            subject=f"accounts.username:{username[:150]}",
            new_value={"ip_address": ip_address},
        )


def do_record_sign_in(user: User, *, method: str, ip_address: str | None) -> None:
    """A successful sign-in: clears the username's failures, and is audited."""
    with transaction.atomic():
        SignInFailure.objects.filter(username__iexact=user.username).delete()
        events.record(
            events.SIGNED_IN,
            acting_user=user,
            subject=f"accounts.user:{user.pk}",
            new_value={"method": method, "ip_address": ip_address},
        )


def do_unlock_sign_in(username: str, *, acting_user: User | None) -> int:
    """An administrator lifts a username's lockout; returns how many failures were cleared."""
    with transaction.atomic():
        cleared, _ = SignInFailure.objects.filter(username__iexact=username).delete()
        events.record(
            events.SIGN_IN_UNLOCKED,
            acting_user=acting_user,
            subject=f"accounts.username:{username}",
            old_value={"failures": cleared},
        )
    return cleared
