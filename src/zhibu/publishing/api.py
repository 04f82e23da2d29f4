"""宣传发布的接口。"""

from ninja import Router

router = Router(tags=["宣传发布"])
