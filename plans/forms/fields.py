"""Choice fields of rows whose ids the database can hold.

SQLite (the embedded default) raises OverflowError for an integer past 64
bits, and PostgreSQL a DataError past its column: a tampered form sending
cooperatives=10**30 would get a server error instead of Django's "not one
of the choices". These fields refuse such an id first, with that message.
Model forms pick them for their foreign keys and many-to-many fields
through `Meta.formfield_callback = bounded_formfield`.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# The largest id any backend's bigint holds.
MAX_ID = 2**63 - 1


def _beyond_any_id(value) -> bool:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False  # not a number at all: Django's own check answers it
    return not -MAX_ID <= number <= MAX_ID


class BoundedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not self.to_field_name and _beyond_any_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if not self.to_field_name and not isinstance(value, str | bytes):
            for pk in value if isinstance(value, list | tuple | set | frozenset) else ():
                if _beyond_any_id(pk):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)


def bounded_formfield(model_field, **kwargs):
    """A model form's field for `model_field`, with the bounded choice fields."""
    if isinstance(model_field, models.ManyToManyField):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
    elif isinstance(model_field, models.ForeignKey):
        kwargs.setdefault("form_class", BoundedModelChoiceField)
    return model_field.formfield(**kwargs)
