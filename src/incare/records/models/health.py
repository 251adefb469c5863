"""Health records: checks, immunisations, SDQs, substance misuse (from the SSD); GP and
dentist registration, CAMHS and health passports (recorded locally)."""

from __future__ import annotations

from django.db import models

from incare.records.models.base import ChildRecord, day, flag, text, unique


class HealthCheck(ChildRecord):
    """A health assessment, dental check or development check; SSD ``ssd_cla_health``."""

    table, source, key = "health_checks", "ssd", ("check_type", "check_date")

    class Type(models.TextChoices):
        HEALTH_ASSESSMENT = "health_assessment", "Health assessment"
        DENTAL_CHECK = "dental_check", "Dental check"
        DEVELOPMENT_CHECK = "development_check", "Health surveillance (development) check"

    class Status(models.TextChoices):
        COMPLETED = "completed", "Completed"
        PLANNED = "planned", "Planned"
        REFUSED = "refused", "Refused"
        CANCELLED = "cancelled", "Cancelled"

    check_type = models.CharField("type of check", max_length=20, choices=Type.choices)
    check_date = day("date of check")
    status = models.CharField("status", max_length=10, choices=Status.choices, blank=True)

    class Meta:
        verbose_name = "health check"
        constraints = [unique("health_check", "check_type", "check_date")]


class Immunisation(ChildRecord):
    """Whether immunisations were up to date when last updated; SSD ``ssd_cla_immunisations``."""

    table, source, key = "immunisations", "ssd", ("status_date",)

    status_date = day("date immunisation status last updated")
    up_to_date = flag("immunisations up to date")

    class Meta:
        verbose_name = "immunisation status"
        constraints = [unique("immunisation", "status_date")]


class SdqScore(ChildRecord):
    """A Strengths and Difficulties Questionnaire total score (0-40); SSD ``ssd_sdq_scores``."""

    table, source, key = "sdq_scores", "ssd", ("completed_date",)

    completed_date = day("date SDQ completed")
    score = models.PositiveSmallIntegerField("SDQ total score", null=True, blank=True)
    reason = text("reason (when no score)")

    class Meta:
        verbose_name = "SDQ score"
        constraints = [unique("sdq_score", "completed_date")]


class SubstanceMisuse(ChildRecord):
    """A substance misuse problem identified, and whether the child received an intervention;
    SSD ``ssd_cla_substance_misuse``."""

    table, source, key = "substance_misuse", "ssd", ("identified_on",)

    identified_on = day("date substance misuse identified")
    substance = text("substance misused")
    intervention_received = flag("received an intervention")

    class Meta:
        verbose_name = "substance misuse"
        verbose_name_plural = "substance misuse"
        constraints = [unique("substance_misuse", "identified_on")]


class HealthRegistration(ChildRecord):
    """Registration with a GP practice or a dentist (neither is in the 903 or the SSD)."""

    table, source, key = "health_registrations", "local", ("service", "registered_on")

    class Service(models.TextChoices):
        GP = "gp", "GP practice"
        DENTIST = "dentist", "Dentist"

    class Registration(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        TEMPORARY = "temporary", "Temporary"

    service = models.CharField("registered with", max_length=8, choices=Service.choices)
    registration = models.CharField(
        "registration", max_length=10, choices=Registration.choices, default="permanent"
    )
    registered_on = day("date registered")
    ended_on = day("date registration ended", required=False)

    class Meta:
        verbose_name = "GP or dentist registration"
        constraints = [unique("health_registration", "service", "registered_on")]


class CamhsReferral(ChildRecord):
    """A referral to child and adolescent mental health services, and its assessment."""

    table, source, key = "camhs_referrals", "local", ("referred_on",)

    referred_on = day("date referred to CAMHS")
    assessed_on = day("date assessed by CAMHS", required=False)

    class Meta:
        verbose_name = "CAMHS referral"
        constraints = [unique("camhs_referral", "referred_on")]


class HealthPassport(ChildRecord):
    """A health passport (summary of health history) given to a young person leaving care."""

    table, source, key = "health_passports", "local", ("given_on",)

    given_on = day("date given")

    class Meta:
        verbose_name = "health passport"
        constraints = [unique("health_passport", "given_on")]
