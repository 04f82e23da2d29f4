"""支部评估的接口。"""

from ninja import Router

router = Router(tags=["支部评估"])
