"""Education records, kept by the virtual school: PEPs, attendance, exclusions, results."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from incare.records.models.base import ChildRecord, day, flag, unique


class Term(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


def _academic_year() -> models.PositiveSmallIntegerField:
    # Named by the calendar year it ends: 2024 is September 2023 to August 2024.
    return models.PositiveSmallIntegerField(
        "academic year (the year it ends)",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )


class PersonalEducationPlan(ChildRecord):
    """A personal education plan meeting (the PEP is reviewed every school term)."""

    table, source, key = "peps", "local", ("pep_date",)

    pep_date = day("date of PEP meeting")
    term = models.CharField("school term", max_length=6, choices=Term.choices)

    class Meta:
        verbose_name = "personal education plan"
        constraints = [unique("personal_education_plan", "pep_date")]


class SchoolAttendance(ChildRecord):
    """Sessions (half days) possible and attended in one school term."""

    table, source, key = "school_attendance", "local", ("academic_year", "term")

    academic_year = _academic_year()
    term = models.CharField("school term", max_length=6, choices=Term.choices)
    sessions_possible = models.PositiveSmallIntegerField("sessions possible")
    sessions_attended = models.PositiveSmallIntegerField("sessions attended")

    class Meta:
        verbose_name = "school attendance"
        verbose_name_plural = "school attendance"
        constraints = [
            unique("school_attendance", "academic_year", "term"),
            models.CheckConstraint(
                condition=models.Q(sessions_attended__lte=models.F("sessions_possible")),
                name="school_attendance_attended_within_possible",
            ),
        ]


class Exclusion(ChildRecord):
    """A suspension (fixed-term exclusion) or permanent exclusion from school."""

    table, source, key = "exclusions", "local", ("start_date",)

    class Kind(models.TextChoices):
        SUSPENSION = "suspension", "Suspension (fixed-term exclusion)"
        PERMANENT = "permanent", "Permanent exclusion"

    start_date = day("date exclusion started")
    kind = models.CharField("kind of exclusion", max_length=10, choices=Kind.choices)
    sessions = models.PositiveSmallIntegerField("sessions excluded", null=True, blank=True)

    class Meta:
        verbose_name = "exclusion"
        constraints = [unique("exclusion", "start_date")]


class KeyStageResult(ChildRecord):
    """The child's key stage 2 or key stage 4 result."""

    table, source, key = "key_stage_results", "local", ("key_stage",)

    class KeyStage(models.TextChoices):
        KS2 = "KS2", "Key stage 2"
        KS4 = "KS4", "Key stage 4"

    key_stage = models.CharField("key stage", max_length=3, choices=KeyStage.choices)
    academic_year = _academic_year()
    expected_standard = flag(
        "reached the expected standard (KS2: reading, writing and maths; "
        "KS4: grade 4 or above in English and maths)"
    )
    gcses_grade_4_or_above = models.PositiveSmallIntegerField(
        "GCSEs (or equivalent) at grade 9 to 4 (KS4)", null=True, blank=True
    )
    gcses_any_grade = models.PositiveSmallIntegerField(
        "GCSEs (or equivalent) at grade 9 to 1 (KS4)", null=True, blank=True
    )

    class Meta:
        verbose_name = "key stage result"
        constraints = [unique("key_stage_result", "key_stage")]
