"""就业与访企拓岗的接口。"""

from ninja import Router

router = Router(tags=["就业与访企拓岗"])
