"""Compliance endpoints. (Being built.)"""

from ninja import Router

router = Router(tags=["标准化"])
