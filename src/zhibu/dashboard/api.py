"""数据看板的接口。"""

from ninja import Router

router = Router(tags=["数据看板"])
