"""Meeting endpoints. (Being built.)"""

from ninja import Router

router = Router(tags=["组织生活"])
