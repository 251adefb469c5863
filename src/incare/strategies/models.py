"""A council's strategy as data: outcomes, actions, success measures, and keeping it up to date.

The definition (Strategy down to Measure, Difference and PledgeItem) is replaced whole each
time its file is loaded; what people add over time (ProgressUpdate, CouncillorQuestion,
LocalMeasureValue) hangs off things that survive a reload: the action *ref* and the strategy,
or the authority and the local measure id. Text is kept exactly as the strategy wrote it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from incare.children.models import LocalAuthority

REF_LENGTH = 32


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    GREY = "grey", "Grey"


class Strategy(models.Model):
    """One corporate parenting strategy of one authority, over a period."""

    slug = models.SlugField("definition id", max_length=64, unique=True)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="strategies"
    )
    title = models.CharField(max_length=300)
    period_start = models.DateField()
    period_end = models.DateField()
    source = models.CharField("source document", max_length=200, blank=True)
    monitoring = models.JSONField("monitoring arrangements, as written", default=list)
    definition_file = models.CharField(max_length=500, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "strategies"
        ordering = ["local_authority__name", "period_start", "slug"]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_start:%Y}-{self.period_end:%y})"


class Outcome(models.Model):
    """An outcome or priority, as numbered and titled in the document."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=REF_LENGTH)
    title = models.TextField()
    why_it_matters = models.TextField(blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["strategy", "position"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="outcome_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Action(models.Model):
    """A row of the action plan: what we will do, how, who leads, by when (as written)."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="actions")
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField()
    ref = models.CharField(max_length=REF_LENGTH)
    activity = models.TextField()
    how = models.TextField(blank=True)
    lead = models.TextField()
    timescale = models.TextField(blank=True)  # blank: the strategy gives none
    source_ref = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["outcome__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "ref"], name="action_ref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.activity[:60]}"


class Measure(models.Model):
    """A success measure (text as written) and, where measurable, its data and RAG rule.

    Belongs to an action, or (for a "what difference" statement measured in its own right)
    only to its outcome through the difference; ``indicator`` is an engine indicator id and
    ``local`` a local measure id (at most one of them).
    """

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="measures")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="measures"
    )
    position = models.PositiveSmallIntegerField()
    ref = models.CharField(max_length=REF_LENGTH)
    text = models.TextField()
    indicator = models.CharField(max_length=64, blank=True)
    local = models.CharField("local measure id", max_length=64, blank=True)
    targets = models.JSONField(
        default=list, help_text="[{comparator, value, by, unit}], staged targets sorted by date"
    )
    baseline_value = models.FloatField(null=True, blank=True)
    baseline_as_at = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    rag_rule = models.JSONField(
        default=dict, help_text="{tolerance, basis, minimum_cohort, polarity}; null = default"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["strategy", "position"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "ref"], name="measure_ref_unique"),
            models.CheckConstraint(
                condition=models.Q(indicator="") | models.Q(local=""),
                name="measure_indicator_or_local",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:60]}"


class Difference(models.Model):
    """A "What difference will we make?" statement, as written, and the measure tracking it."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="differences")
    position = models.PositiveSmallIntegerField()
    ref = models.CharField(max_length=REF_LENGTH)
    text = models.TextField()
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="differences"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["outcome__position", "position"]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:60]}"


class PledgeItem(models.Model):
    """A promise to children (e.g. Warrington 2021-22's pledge), as written."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="pledge")
    position = models.PositiveSmallIntegerField()
    ref = models.CharField(max_length=REF_LENGTH)
    text = models.TextField()

    class Meta:
        ordering = ["strategy", "position"]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:60]}"


class ProgressUpdate(models.Model):
    """A dated RAG and commentary on one action, kept across reloads by the action's ref."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="progress_updates"
    )
    action_ref = models.CharField(max_length=REF_LENGTH)
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="progress_updates"
    )
    on = models.DateField("date of the update")
    rag = models.CharField(max_length=8, choices=Rag.choices)
    commentary = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["strategy", "action_ref", "-on", "-id"]
        indexes = [models.Index(fields=["strategy", "action_ref"], name="progress_by_action")]

    def __str__(self) -> str:
        return f"{self.action_ref} {self.on}: {self.rag}"


class CouncillorQuestion(models.Model):
    """A question a councillor asked at a meeting, who owes the answer, and the answer."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="questions")
    action_ref = models.CharField(max_length=REF_LENGTH, blank=True)
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    meeting_date = models.DateField()
    question = models.TextField()
    asked_by = models.CharField(max_length=200)
    owner = models.CharField("who owes the answer", max_length=200)
    due_date = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["strategy", "meeting_date", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_date}: {self.question[:60]}"


class LocalMeasureValue(models.Model):
    """A local measure's figure for one authority at one date, recorded by hand for now."""

    local_measure = models.CharField("local measure id", max_length=64)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="local_measure_values"
    )
    as_at = models.DateField("period end or as-at date")
    value = models.FloatField()
    numerator = models.IntegerField(null=True, blank=True)
    denominator = models.IntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["local_authority", "local_measure", "as_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "local_measure", "as_at"],
                name="local_measure_value_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_measure} {self.as_at}: {self.value:g}"
