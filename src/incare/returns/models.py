"""A record of every attempt to import a 903 store."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from incare.children.models import LocalAuthority


class ImportRun(models.Model):
    """One `incare import` (or demo import): who, when, from where, and what it changed.

    A successful run is saved in the same transaction as the rows it wrote; a failed run is
    saved afterwards, on its own, so the attempt is on record although nothing was written.
    """

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed: nothing was changed"

    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="imports"
    )
    # Kept as text too: a failed first import has no authority row to point at.
    local_authority_code = models.CharField("DfE local authority number", max_length=8)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    source = models.CharField("store folder", max_length=500)
    started_at = models.DateTimeField("started")
    finished_at = models.DateTimeField("finished")
    status = models.CharField(max_length=16, choices=Status.choices)
    years = models.JSONField("collection years", default=list)
    store_metadata = models.JSONField("store metadata (incare-store.json)", default=dict)
    # {table: {"read": n, "added": n, "changed": n, "removed": n}}, in specification order.
    counts = models.JSONField("rows read, added, changed and removed per table", default=dict)
    resolutions = models.JSONField("how overlapping collection years were reconciled", default=list)
    error = models.TextField("why it failed", blank=True)
    # The DfE validation rules over the latest year (with the year before), run on every
    # import. Errors never stop an import (they are the council's to fix); blank when the
    # import failed or the rules could not run (``validation["note"]`` says why).
    validation_year = models.PositiveSmallIntegerField("year validated", null=True, blank=True)
    validation_rules_run = models.PositiveIntegerField(
        "validation rules run", null=True, blank=True
    )
    validation_errors = models.PositiveIntegerField(
        "rows failing validation", null=True, blank=True
    )
    validation_children = models.PositiveIntegerField(
        "children with validation errors", null=True, blank=True
    )
    # {"rules": {code: rows flagged}, "skipped": {code: why}, "note": "..."}
    validation = models.JSONField("validation result per rule", default=dict, blank=True)
    # Every flagged row as found at the import: [{"child", "table", "row", "code", "fields"}],
    # so the data page shows them without running the rules again. None for a run from
    # before they were kept: the page works them out again from the run's files.
    validation_rows = models.JSONField("rows failing validation", null=True, blank=True)

    class Meta:
        verbose_name = "import run"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["status", "-finished_at"], name="import_run_latest")]

    def __str__(self) -> str:
        return f"{self.local_authority_code} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    def total(self, what: str) -> int:
        """Rows ``read``, ``added``, ``changed`` or ``removed`` over all tables."""
        table_counts: dict[str, dict[str, Any]] = self.counts
        return sum(int(c.get(what, 0)) for c in table_counts.values())

    @property
    def total_read(self) -> int:
        return self.total("read")

    @property
    def total_added(self) -> int:
        return self.total("added")

    @property
    def total_changed(self) -> int:
        return self.total("changed")

    @property
    def total_removed(self) -> int:
        return self.total("removed")

    @property
    def changed_anything(self) -> bool:
        return any(self.total(w) for w in ("added", "changed", "removed"))
