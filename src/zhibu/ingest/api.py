"""报道导入的接口。"""

from ninja import Router

router = Router(tags=["报道导入"])
