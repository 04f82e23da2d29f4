"""Unified social credit codes （统一社会信用代码， GB 32100-2015）： format, check character, a maker for demo data.

18 characters from the 31-character set 0-9 and A-Z without I, O, Z, S, V: registration authority (1),
organisation category (1), administrative division (6), organisation code (9, itself ending in a GB 11714
check character) and the check character, computed over the first 17 with weights 3^i mod 31.
"""

import re

from django.core.exceptions import ValidationError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_FORMAT = re.compile(rf"^[{CHARSET}]{{18}}$")
# GB 11714 organisation code: eight characters (digits, capital letters) and a check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def normalize_credit_code(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def credit_check_char(first17: str) -> str:
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """GB 11714's check character of an organisation code (digits and letters A=10 … Z=35)."""
    total = sum(int(c, 36) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_problem(value: str) -> str | None:
    """Why `value` is not a valid unified social credit code, in Chinese; None when it is valid."""
    v = normalize_credit_code(value)
    if len(v) != 18:
        return f"应为18位（现为{len(v)}位）"
    if not _FORMAT.match(v):
        bad = next(c for c in v if c not in _VALUE)
        return f"含有不允许的字符“{bad}”（不使用I、O、Z、S、V）"
    if not v[2:8].isdigit():
        return "第3至8位应为行政区划代码（6位数字）"
    expected = credit_check_char(v[:17])
    if v[17] != expected:
        return f"校验位错误（按前17位计算应为{expected}）"
    return None


def validate_credit_code(value: str) -> None:
    problem = credit_code_problem(value)
    if problem:
        raise ValidationError(f"统一社会信用代码{problem}", code="credit_code")


def make_credit_code(*, authority: str = "9", category: str = "1", area: str = "110105", serial: int = 1) -> str:
    """A valid code (for demo and synthetic data): an organisation code from `serial`, both check characters right."""
    first8 = f"MA{serial % 10**6:06d}"
    org_code = first8 + org_code_check_char(first8)
    first17 = f"{authority}{category}{area}{org_code}"
    return first17 + credit_check_char(first17)
