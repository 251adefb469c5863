"""The action plan's forms: a progress update, a councillor's question, and its answer.

They check what a person typed and say what is wrong in GOV.UK's words; the writes
themselves (and their audit rows) are the strategies services' (``do_add_progress_update``,
``do_ask_question``, ``do_answer_question``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from incare.strategies.models import Rag

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d"]
DATE_HINT = "For example, 27/03/2024"
RAG_HINTS = {
    "red": "Red: off track, and needs help to recover",
    "amber": "Amber: at risk, with a plan to recover",
    "green": "Green: on track",
    "grey": "Grey: not started, or cannot be judged yet",
}


def _date(label: str, *, required: bool = True, missing: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={
            "required": missing or f"Enter the {label.lower()}",
            "invalid": f"The {label.lower()} must be a real date, for example 27/03/2024",
        },
    )


def _text(
    label: str, *, missing: str, long: bool = False, max_length: int = 2000
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 5}) if long else forms.TextInput,
        error_messages={
            "required": missing,
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
    )


@dataclass(frozen=True)
class Field:
    """A field as the page template draws it: ``kind`` is text, textarea, radios or select;
    ``anchor`` is the id the error summary links to."""

    bound: Any
    kind: str
    anchor: str


class GovukForm(forms.Form):
    def page_fields(self) -> list[Field]:
        drawn = []
        for bound in self:
            widget = bound.field.widget
            if isinstance(widget, forms.RadioSelect):
                kind, anchor = "radios", f"{bound.auto_id}_0"
            elif isinstance(widget, forms.Textarea):
                kind, anchor = "textarea", bound.auto_id
            elif isinstance(widget, forms.Select):
                kind, anchor = "select", bound.auto_id
            else:
                kind, anchor = "text", bound.auto_id
            drawn.append(Field(bound, kind, anchor))
        return drawn

    def _not_in_future(self, name: str, cleaned: dict[str, Any]) -> None:
        day = cleaned.get(name)
        if isinstance(day, date) and day > timezone.localdate():
            self.add_error(
                name, f"The {str(self.fields[name].label).lower()} must be today or in the past"
            )


class ProgressForm(GovukForm):
    on = _date("Date of the update")
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=[(value, RAG_HINTS[value]) for value in Rag.values],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG rating"},
    )
    commentary = _text(
        "Commentary", missing="Enter what has happened and what comes next", long=True
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._not_in_future("on", cleaned)
        return cleaned


class QuestionForm(GovukForm):
    meeting_date = _date("Meeting date")
    question = _text("Question", missing="Enter the question as it was asked", long=True)
    asked_by = _text("Asked by", missing="Enter who asked the question", max_length=200)
    owner = _text("Who owes the answer", missing="Enter who owes the answer", max_length=200)
    due_date = _date("Answer due by", required=False)
    action_ref = forms.ChoiceField(label="Action it is about", required=False, choices=[])

    def __init__(self, *args: Any, actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action_ref"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "None: a general question"), *actions]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._not_in_future("meeting_date", cleaned)
        asked, due = cleaned.get("meeting_date"), cleaned.get("due_date")
        if asked and due and due < asked:
            self.add_error(
                "due_date", "The answer cannot be due before the meeting it was asked at"
            )
        return cleaned


class AnswerForm(GovukForm):
    answer = _text("Answer", missing="Enter the answer", long=True, max_length=5000)
    answered_on = _date("Date answered")

    def __init__(self, *args: Any, asked_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked_on = asked_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._not_in_future("answered_on", cleaned)
        answered = cleaned.get("answered_on")
        if answered and answered < self.asked_on:
            self.add_error(
                "answered_on", "The answer cannot come before the meeting the question was asked at"
            )
        return cleaned
