"""Personal data: validation and masking of national ID numbers (GB 11643) and phone numbers."""

import datetime as dt
import re

from django.core.exceptions import ValidationError

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def id_number_problem(value: str) -> str | None:
    """Why `value` is not a valid 18-digit resident ID number, in Chinese; None when it is valid."""
    v = normalize_id_number(value)
    if not _ID_RE.match(v):
        return "应为18位，前17位为数字，末位为数字或X"
    try:
        birth = dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return f"出生日期“{v[6:14]}”不是有效日期"
    if birth.year < 1900 or birth > dt.date.today():
        return f"出生日期“{v[6:14]}”不合理"
    expected = id_check_char(v[:17])
    if v[17] != expected:
        return f"校验位错误（应为{expected}）"
    return None


def validate_id_number(value: str) -> None:
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(f"身份证号码{problem}", code="id_number")


def id_birth_date(value: str) -> dt.date:
    v = normalize_id_number(value)
    return dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))


def id_gender(value: str) -> str:
    """'male' or 'female' from the order code's last digit."""
    return "male" if int(normalize_id_number(value)[16]) % 2 else "female"


def normalize_phone(value: str) -> str:
    v = re.sub(r"[\s()()]", "", value or "")
    if v.startswith("+86"):
        v = v[3:]
    return v


def phone_problem(value: str) -> str | None:
    v = normalize_phone(value)
    if _MOBILE_RE.match(v) or _LANDLINE_RE.match(v):
        return None
    return "应为11位手机号码（如13812345678）或带区号的固定电话（如010-62345678）"


def validate_phone(value: str) -> None:
    problem = phone_problem(value)
    if problem:
        raise ValidationError(f"电话号码{problem}", code="phone")


def mask_id_number(value: str) -> str:
    """`110101199003071234` → `1101**********1234`."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """`13812345678` → `138****5678`."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def make_id_number(area: str, birth: dt.date, order: int) -> str:
    """A syntactically valid ID number (for demo and synthetic data)."""
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_char(first17)
