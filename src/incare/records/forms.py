"""GOV.UK-style forms for recording one record at a time: one form per local record kind,
made from the model so the form, the CSV template and the import never disagree."""

from __future__ import annotations

from typing import Any

from django import forms

from incare.records.kinds import value_fields
from incare.records.models import ChildRecord
from incare.records.rows import DATE_ORDER, ROW_CHECKS

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d"]
YES_NO = [("", "Not recorded"), ("true", "Yes"), ("false", "No")]


def sentence(text: object) -> str:
    """First letter upper case, the rest as written ("CAMHS" stays "CAMHS")."""
    words = str(text)
    return words[:1].upper() + words[1:]


class RecordForm(forms.ModelForm):
    """Checks a record as the import does: types, codes, date order, natural key, limits."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for earlier, later in DATE_ORDER:
            first, then = cleaned.get(earlier), cleaned.get(later)
            if first and then and then < first:
                label = str(self.fields[earlier].label)
                self.add_error(later, f"must be on or after the {label[:1].lower()}{label[1:]}")
        check = ROW_CHECKS.get(self._meta.model)
        found = check(cleaned) if check and not self.errors else None
        if found is not None:
            self.add_error(found[0], f"must be {found[1]}")
        self._check_natural_key(cleaned)
        return cleaned

    def _check_natural_key(self, cleaned: dict[str, Any]) -> None:
        """One record per natural key: the import would update it, a form must not add it."""
        model = self._meta.model
        key = {name: cleaned.get(name) for name in model.key}
        if any(value in (None, "") for value in key.values()):
            return
        if model._default_manager.filter(child=self.instance.child, **key).exists():
            labels = " and ".join(str(self.fields[name].label).lower() for name in model.key)
            raise forms.ValidationError(
                f"A {model._meta.verbose_name} with this {labels} already exists for this child"
            )


def _formfield(field: Any, **kwargs: Any) -> forms.Field | None:
    if field.get_internal_type() == "DateField":
        return forms.DateField(
            label=sentence(field.verbose_name),
            required=not field.blank,
            input_formats=DATE_FORMATS,
            help_text="For example, 27/03/2024",
        )
    if field.get_internal_type() == "BooleanField":
        return forms.NullBooleanField(
            label=sentence(field.verbose_name),
            required=False,
            widget=forms.RadioSelect(choices=YES_NO),
        )
    made = field.formfield(**kwargs)
    if made is not None:
        made.label = sentence(field.verbose_name)
        if field.choices:
            made.widget = forms.RadioSelect(choices=[c for c in made.choices if c[0] != ""])
    return made


def form_for(model: type[ChildRecord]) -> type[RecordForm]:
    """The form of a record kind."""
    made: type[RecordForm] = forms.modelform_factory(  # type: ignore[assignment]
        model,
        form=RecordForm,
        fields=[f.name for f in value_fields(model)],
        formfield_callback=_formfield,
    )
    return made
