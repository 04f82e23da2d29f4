"""Couriers and the formats of their tracking numbers (运单号).

A wrong number on a parcel sends a graduate's belongings nowhere, so every number is checked against the
courier's format when it is entered: `tracking_problem("sf", "SF123")` says, in Chinese, which courier
expected what.
"""

import re
from dataclasses import dataclass

from django.db import models


class Courier(models.TextChoices):
    SF = "sf", "顺丰速运"
    EMS = "ems", "中国邮政EMS"
    ZTO = "zto", "中通快递"
    YTO = "yto", "圆通速递"
    YUNDA = "yunda", "韵达快递"
    STO = "sto", "申通快递"
    JD = "jd", "京东物流"
    DEPPON = "deppon", "德邦快递"


@dataclass(frozen=True)
class TrackingFormat:
    pattern: re.Pattern
    description: str
    example: str


# typography: ascii
FORMATS: dict[str, TrackingFormat] = {
    Courier.SF: TrackingFormat(re.compile(r"^SF\d{12}$"), "SF加12位数字", "SF123456789012"),
    Courier.EMS: TrackingFormat(re.compile(r"^(E[A-Z]\d{9}CN|1\d{12})$"), "E开头的13位国际格式（如EA123456789CN）或以1开头的13位数字",  # typography: ascii
                                "1123456789012"),
    Courier.ZTO: TrackingFormat(re.compile(r"^[5-7]\d{11}(\d{2})?$"), "以5、6或7开头的12位或14位数字", "731234567890"),
    Courier.YTO: TrackingFormat(re.compile(r"^YT\d{13}$"), "YT加13位数字", "YT1234567890123"),
    Courier.YUNDA: TrackingFormat(re.compile(r"^[34]\d{12}(\d{2})?$"), "以3或4开头的13位或15位数字", "4312345678901"),
    Courier.STO: TrackingFormat(re.compile(r"^(77|88|66)\d{11}$"), "以77、88或66开头的13位数字", "7712345678901"),
    Courier.JD: TrackingFormat(re.compile(r"^(JD\d{13}|JD[VX]\d{12})$"), "JD加13位数字（或JDV、JDX加12位数字）", "JD0012345678901"),
    Courier.DEPPON: TrackingFormat(re.compile(r"^DPK\d{12}$"), "DPK加12位数字", "DPK123456789012"),
}


def normalize_tracking(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def tracking_problem(courier: str, number: str) -> str | None:
    """Why `number` is not a tracking number of `courier`, in Chinese; None when it fits."""
    fmt = FORMATS.get(courier)
    if fmt is None:
        return f"未知的快递公司“{courier}”"
    value = normalize_tracking(number)
    if fmt.pattern.match(value):
        return None
    label = Courier(courier).label
    return f"运单号“{number}”不符合{label}的格式：应为{fmt.description}，如{fmt.example}"


_MAKERS = {
    Courier.SF: lambda n: f"SF{n:012d}",
    Courier.EMS: lambda n: f"1{n:012d}",
    Courier.ZTO: lambda n: f"7{n:011d}",
    Courier.YTO: lambda n: f"YT{n:013d}",
    Courier.YUNDA: lambda n: f"4{n:012d}",
    Courier.STO: lambda n: f"77{n:011d}",
    Courier.JD: lambda n: f"JD{n:013d}",
    Courier.DEPPON: lambda n: f"DPK{n:012d}",
}


def make_tracking(courier: str, serial: int) -> str:
    """A well-formed tracking number of `courier` (for demo and synthetic data)."""
    return _MAKERS[courier](serial)
