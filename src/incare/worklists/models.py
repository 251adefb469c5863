"""Who works with which child: teams, staff and caseloads (the 903 carries none of this).

Minimal on purpose: a child is held by one team and one worker, named by the reference the
case system uses (the 903 ``SW_ID`` Social Work England number, or a personal adviser's
name). A user is a member of one team and, if they hold cases, is one worker. Without an
assignment the worklist falls back to the 903 social worker and the care leaver records'
personal adviser and team (``incare.worklists.duedates.worklist.allocations``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from incare.children.models import Child


class Team(models.Model):
    name = models.CharField("team", max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    """A user's place in the worklists: their team, and the worker reference of their cases."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worklist_staff"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    worker = models.CharField("worker reference", max_length=120, blank=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.team or 'no team'}, {self.worker or 'no cases'})"


class CaseloadAssignment(models.Model):
    """The team and worker holding a child."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="caseload")
    team = models.ForeignKey(Team, on_delete=models.PROTECT)
    worker = models.CharField("worker reference", max_length=120, blank=True)

    class Meta:
        indexes = [models.Index(fields=["worker"])]

    def __str__(self) -> str:
        return f"{self.child} -> {self.team} / {self.worker}"
