"""Form helpers every app's pages share: Bootstrap widgets, error placement, date inputs."""

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BootstrapMixin:
    """Bootstrap classes on every widget, and is-invalid on fields with errors (forms re-show what was typed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = attrs.get("class", "") + " is-invalid"


def apply_validation_error(form: forms.Form, exc: ValidationError, default_field: str | None = None,
                           renames: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError next to the fields it names (the rest on `default_field`);
    `renames` maps a service's key to the form's field where they differ."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = (renames or {}).get(field, field)
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, exc.messages)


class TokenForm(forms.Form):
    name = forms.CharField(label="令牌名称", max_length=100, help_text="例如：数据对接脚本")
    expires_in_days = forms.TypedChoiceField(
        label="有效期",
        coerce=int,
        choices=[(30, "30天"), (90, "90天"), (365, "一年"), (0, "长期有效")],
        initial=90,
    )
