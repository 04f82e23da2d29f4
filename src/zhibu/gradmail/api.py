"""毕业寄的接口。"""

from ninja import Router

router = Router(tags=["毕业寄"])
