"""Collect every problem a service finds before anything is written, so the user sees them all at once."""

from django.core.exceptions import ValidationError


class Errors:
    """Messages by field (or `__all__`); `raise_if_any` raises them as one ValidationError."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str | ValidationError]] = {}

    def add(self, key: str, message: str, row: int | None = None) -> None:
        """`row`: the 1-based row of a table the message is about; forms read it from `params` to mark the row."""
        if row is None:
            self.errors.setdefault(key, []).append(message)
        else:
            self.errors.setdefault(key, []).append(ValidationError(message, code="invalid", params={"row": row}))

    def check(self, obj, exclude=()) -> None:
        """The model's own field validation (`full_clean` without constraints), collected with the rest."""
        try:
            obj.full_clean(exclude=list(exclude), validate_constraints=False)
        except ValidationError as exc:
            self.merge(exc)

    def merge(self, exc: ValidationError, default: str = "__all__") -> None:
        if hasattr(exc, "error_dict"):
            for key, messages in exc.message_dict.items():
                for m in messages:
                    self.add(key, m)
        else:
            for m in exc.messages:
                self.add(default, m)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
