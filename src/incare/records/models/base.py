"""What every record beyond the 903 shares: the child it is about, and how it is named.

Every record belongs to a `children.Child`, so to the same (local authority, child id) key
as the 903 data: an SSD extract or a CSV template names the child by the 903 ``CHILD`` id.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from django.db import models

from incare.children.models import Child

Source = Literal["ssd", "local"]

TEXT_LENGTH = 120
"""Team and adviser names, offence descriptions, constellation names."""


class ChildRecord(models.Model):
    """A record about one child (abstract).

    ``table`` names the record kind everywhere outside Django: the indicator frames, the CSV
    template (``incare import-records KIND``) and the URLs of the forms. ``key`` is the
    natural key besides the child, as the unique constraint says; imports match on it.
    ``source`` says where rows come from: the SSD extract, or local templates and forms.
    """

    table: ClassVar[str]
    source: ClassVar[Source]
    key: ClassVar[tuple[str, ...]]

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        values = ", ".join(str(getattr(self, name)) for name in self.key)
        return f"{self._meta.verbose_name} of child {self.child_id} ({values})"


def unique(model: str, *fields: str) -> models.UniqueConstraint:
    """The natural-key constraint: the child and ``fields``."""
    return models.UniqueConstraint(fields=["child", *fields], name=f"{model}_natural_key")


def flag(verbose_name: str) -> models.BooleanField:
    """Yes / no / not recorded: the SSD's Y/N flags are often blank."""
    return models.BooleanField(verbose_name, null=True, blank=True)


def day(verbose_name: str, *, required: bool = True) -> models.DateField:
    return models.DateField(verbose_name, null=not required, blank=not required)


def text(verbose_name: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=TEXT_LENGTH, blank=True)
