"""党员考评的接口。"""

from ninja import Router

router = Router(tags=["党员考评"])
