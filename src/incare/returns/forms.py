"""The upload form: a zip of a store, or one year's 903 CSV files with their year."""

from __future__ import annotations

from typing import Any

from django import forms

from incare.ssda903.spec import load_spec

MAX_FILE_BYTES = 500_000_000
"""Per file; a ten-year store of a large authority zips to well under this."""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented way, which it has no field for)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        one = super().clean
        if isinstance(data, list | tuple) and data:
            return [one(d, initial) for d in data]
        if isinstance(data, list | tuple):  # nothing chosen: the field's "required" message
            data = None
        return [one(data, initial)]


class UploadForm(forms.Form):
    upload = MultipleFileField(
        label="Files",
        error_messages={"required": "Choose a zip of a store or the year's 903 CSV files"},
    )
    year = forms.CharField(label="Collection year", required=False)
    la_code = forms.CharField(label="DfE local authority number", required=False, max_length=8)
    la_name = forms.CharField(label="Local authority name", required=False, max_length=200)

    def __init__(self, *args: Any, needs_authority: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_authority = needs_authority

    def clean_upload(self) -> list[Any]:
        files: list[Any] = self.cleaned_data["upload"]
        for upload in files:
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(f"{upload.name} is larger than 500 MB")
        return files

    def clean_year(self) -> int | None:
        text = self.cleaned_data["year"].strip()
        if not text:
            return None
        spec = load_spec()
        if not text.isdigit() or int(text) not in spec.years:
            raise forms.ValidationError(
                f"Enter a collection year from {spec.first_year} to {spec.last_year}, "
                "for example 2025 for the 2024/25 return"
            )
        return int(text)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.needs_authority:
            if not str(cleaned.get("la_code", "")).strip():
                self.add_error("la_code", "Enter the DfE local authority number, such as 877")
            if not str(cleaned.get("la_name", "")).strip():
                self.add_error("la_name", "Enter the local authority's name")
        return cleaned
