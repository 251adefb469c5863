from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One row per write, and per read of a child's record.

    A table rather than log lines so bulk changes are captured and the log can be queried
    ("who looked at this child?"). Event types are stable codes (see `incare.audit.events`).
    """

    event_type = models.CharField(max_length=64, db_index=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    # What the event concerns: a child as "LA:CHILD", or another object as "model:pk".
    subject = models.CharField(max_length=200, blank=True, db_index=True)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.event_type} {self.subject}"
