"""Argon2id with OWASP's recommended minimum cost, instead of Django's heavier default.

Django's default (100 MiB, 8 lanes) takes over a second per hash on a two-core council server,
so a handful of people signing in at once would queue. OWASP's Password Storage Cheat Sheet
lists m=19 MiB, t=2, p=1 as its first Argon2id configuration: as strong against guessing, at
about 80 ms. Hashes made with other parameters are re-hashed at their next sign-in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class IncareArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
