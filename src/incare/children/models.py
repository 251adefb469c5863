"""Children and their SSDA903 records, one model per 903 table.

Field names are the snake_case of the 903 column names (``DECOM`` -> ``decom``), so the
importer maps frames to rows through the specification alone; `tests/unit/children` checks
every spec column has a field of a matching type and every natural key a unique constraint.
Values are kept as submitted (codes as codes, ``DOB`` repeated in each table as the return
repeats it) so the database can be read back into the same frames and checked for quality.

Blank text and code values are stored as "" (Django's convention for text); blank dates and
numbers as NULL.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models

ID_LENGTH = 32
"""Longer than any case system's child or worker id we have seen (the DfE allows 10)."""
CODE_LENGTH = 8
"""The longest 903 code is six characters (``CUSTOD``, ``MANAGE``)."""
TEXT_LENGTH = 64
"""Postcodes, UPNs, URNs and partial dates are all far shorter."""


def _code(verbose_name: str, *, required: bool = False) -> models.CharField:
    return models.CharField(verbose_name, max_length=CODE_LENGTH, blank=not required)


def _text(verbose_name: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=TEXT_LENGTH, blank=True)


def _date(verbose_name: str, *, required: bool = False) -> models.DateField:
    return models.DateField(verbose_name, null=not required, blank=not required)


def _number(verbose_name: str) -> models.SmallIntegerField:
    # Flags (0/1) and the small 903 integers (SDQ score, number of adopters) fit in 16 bits.
    return models.SmallIntegerField(verbose_name, null=True, blank=True)


def _collection_year(verbose_name: str) -> models.SmallIntegerField:
    return models.SmallIntegerField(verbose_name, db_index=True)


class LocalAuthority(models.Model):
    """A council, by its DfE local authority number (e.g. "877" for Warrington)."""

    code = models.CharField("DfE local authority number", max_length=8, unique=True)
    name = models.CharField("name", max_length=200)
    data_version = models.UUIDField(
        "version of the children's data",
        default=uuid.uuid4,
        editable=False,
        help_text="A new random value with every write of the authority's children's data "
        "(children.services.note_data_changed), so figures kept in memory know they are stale.",
    )

    class Meta:
        verbose_name = "local authority"
        verbose_name_plural = "local authorities"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Child(models.Model):
    """A child in a local authority's 903 return, with the return's Header fields.

    Keyed by (local authority, child id): child ids are only unique within one authority,
    and a regional hub will pool several authorities' data.
    """

    spec_table: ClassVar[str] = "header"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="children"
    )
    child_id = models.CharField("child identifier", max_length=ID_LENGTH)
    sex = _code("sex (as submitted)", required=True)
    dob = _date("date of birth", required=True)
    ethnic = _code("ethnicity", required=True)
    upn = _text("unique pupil number")
    mother = _number("is a mother")
    mc_dob = _date("date of birth of mother's child")
    collection_year = _collection_year("latest collection year with a header row")

    class Meta:
        verbose_name = "child"
        verbose_name_plural = "children"
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "child_id"], name="child_unique_per_authority"
            )
        ]
        indexes = [models.Index(fields=["dob"], name="child_dob")]

    def __str__(self) -> str:
        return f"{self.local_authority_id}:{self.child_id}"


class ChildRecord(models.Model):
    """A row of one 903 table about one child (abstract base)."""

    spec_table: ClassVar[str]

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    collection_year = _collection_year("collection year the row was taken from")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} of child {self.child_id} ({self.collection_year})"


class Episode(ChildRecord):
    spec_table = "episodes"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="episodes")
    decom = _date("date episode commenced", required=True)
    rne = _code("reason for new episode", required=True)
    ls = _code("legal status", required=True)
    cin = _code("category of need", required=True)
    place = _code("placement type", required=True)
    place_provider = _code("placement provider")
    dec = _date("date episode ceased")
    rec = _code("reason episode ceased")
    reason_place_change = _code("reason for placement change")
    home_post = _text("home postcode")
    pl_post = _text("placement postcode")
    urn = _text("Ofsted unique reference number of the placement")

    class Meta:
        verbose_name = "episode of care"
        constraints = [
            models.UniqueConstraint(fields=["child", "decom"], name="episode_natural_key")
        ]
        # "Who was in care on date d" filters on both ends of the episode.
        indexes = [models.Index(fields=["decom", "dec"], name="episode_dates")]


class Review(ChildRecord):
    spec_table = "reviews"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="reviews")
    dob = _date("date of birth", required=True)
    review = _date("date of review", required=True)
    review_code = _code("participation in review", required=True)

    class Meta:
        verbose_name = "looked-after review"
        constraints = [
            models.UniqueConstraint(fields=["child", "review"], name="review_natural_key")
        ]
        indexes = [models.Index(fields=["review"], name="review_date")]


class UascRecord(ChildRecord):
    spec_table = "uasc"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="uasc_records")
    sex = _code("sex (as submitted)", required=True)
    dob = _date("date of birth", required=True)
    duc = _date("date unaccompanied asylum-seeking status ceased")

    class Meta:
        verbose_name = "unaccompanied asylum-seeking child record"
        constraints = [models.UniqueConstraint(fields=["child"], name="uasc_natural_key")]


class OC2Record(ChildRecord):
    """Outcomes for a child looked after continuously for 12 months (one per year)."""

    spec_table = "oc2"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="oc2_records")
    dob = _date("date of birth", required=True)
    sdq_score = _number("strengths and difficulties questionnaire score")
    sdq_reason = _code("reason no SDQ score")
    convicted = _number("convicted during the year")
    health_check = _number("health check up to date")
    immunisations = _number("immunisations up to date")
    teeth_check = _number("teeth checked")
    health_assessment = _number("health assessment up to date")
    substance_misuse = _number("identified as having a substance misuse problem")
    intervention_received = _number("received an intervention for substance misuse")
    intervention_offered = _number("offered an intervention for substance misuse")

    class Meta:
        verbose_name = "OC2 outcomes record"
        constraints = [
            models.UniqueConstraint(fields=["child", "collection_year"], name="oc2_natural_key")
        ]


class OC3Record(ChildRecord):
    """A care leaver's accommodation and activity around a birthday (one per year)."""

    spec_table = "oc3"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="oc3_records")
    dob = _date("date of birth", required=True)
    in_touch = _code("local authority in touch", required=True)
    activ = _code("main activity")
    accom = _code("accommodation")

    class Meta:
        verbose_name = "OC3 care leaver record"
        constraints = [
            models.UniqueConstraint(fields=["child", "collection_year"], name="oc3_natural_key")
        ]


class AdoptionRecord(ChildRecord):
    """The AD1 table: a child adopted during the year."""

    spec_table = "ad1"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="adoption_records")
    dob = _date("date of birth", required=True)
    date_int = _date("date of decision that the child should be placed for adoption")
    date_match = _date("date of matching with adopters")
    foster_care = _number("adopted by former foster carers")
    nb_adoptr = _number("number of adopters")
    sex_adoptr = _code("sex of adopters")
    ls_adoptr = _code("legal status of adopters")

    class Meta:
        verbose_name = "adoption (AD1) record"
        constraints = [models.UniqueConstraint(fields=["child"], name="ad1_natural_key")]


class PlacedForAdoption(ChildRecord):
    spec_table = "placed_for_adoption"

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="placed_for_adoption_records"
    )
    dob = _date("date of birth", required=True)
    date_placed = _date(
        "date of decision that the child should be placed for adoption", required=True
    )
    date_placed_ceased = _date("date that decision ceased")
    reason_placed_ceased = _code("reason the decision ceased")

    class Meta:
        verbose_name = "should-be-placed-for-adoption decision"
        constraints = [
            models.UniqueConstraint(
                fields=["child", "date_placed"], name="placed_for_adoption_natural_key"
            )
        ]


class PreviousPermanence(ChildRecord):
    spec_table = "previous_permanence"

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="previous_permanence_records"
    )
    dob = _date("date of birth", required=True)
    prev_perm = _code("previous permanence option", required=True)
    la_perm = _text("local authority that made the previous permanence order")
    date_perm = _text("date of previous permanence order (as written; may be partial)")

    class Meta:
        verbose_name = "previous permanence record"
        constraints = [
            models.UniqueConstraint(fields=["child"], name="previous_permanence_natural_key")
        ]


class MissingEpisode(ChildRecord):
    spec_table = "missing"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="missing_episodes")
    dob = _date("date of birth", required=True)
    missing = _code("missing or away from placement", required=True)
    mis_start = _date("date started", required=True)
    mis_end = _date("date ended")

    class Meta:
        verbose_name = "missing or away from placement episode"
        constraints = [
            models.UniqueConstraint(fields=["child", "mis_start"], name="missing_natural_key")
        ]
        indexes = [models.Index(fields=["mis_start"], name="missing_start")]


class SocialWorkerEpisode(ChildRecord):
    spec_table = "sw_episodes"

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="social_worker_episodes"
    )
    dob = _date("date of birth", required=True)
    sw_id = models.CharField("social worker identifier", max_length=ID_LENGTH)
    sw_decom = _date("date social worker episode commenced", required=True)
    sw_dec = _date("date social worker episode ceased")
    sw_reason = _code("reason for change of social worker")

    class Meta:
        verbose_name = "social worker episode"
        constraints = [
            models.UniqueConstraint(fields=["child", "sw_decom"], name="sw_episode_natural_key")
        ]
        indexes = [models.Index(fields=["sw_decom"], name="sw_episode_start")]


class DeprivationOfLiberty(ChildRecord):
    spec_table = "dolo"

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="deprivation_of_liberty_records"
    )
    dob = _date("date of birth", required=True)
    dolo_start = _date("date deprivation of liberty started", required=True)
    dolo_end = _date("date deprivation of liberty ended")

    class Meta:
        verbose_name = "deprivation of liberty record"
        verbose_name_plural = "deprivation of liberty records"
        constraints = [
            models.UniqueConstraint(fields=["child", "dolo_start"], name="dolo_natural_key")
        ]


RECORD_MODELS: tuple[type[ChildRecord], ...] = (
    Episode,
    Review,
    UascRecord,
    OC2Record,
    OC3Record,
    AdoptionRecord,
    PlacedForAdoption,
    PreviousPermanence,
    MissingEpisode,
    SocialWorkerEpisode,
    DeprivationOfLiberty,
)
"""The models of the 903 tables other than Header, in specification order."""
