"""Collect every problem a service finds before anything is written, so the user sees them all at once."""

from django.core.exceptions import ValidationError


class Errors:
    """Messages by field (or `__all__`); `raise_if_any` raises them as one ValidationError."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

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
