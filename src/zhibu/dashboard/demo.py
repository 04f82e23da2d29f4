"""The dashboard has no records of its own: the demo only points people at it."""

from zhibu.core.management.commands.demo import DemoContext


def present(ctx: DemoContext) -> bool:
    _tips(ctx)
    return True


def load(ctx: DemoContext) -> None:
    _tips(ctx)


def _tips(ctx: DemoContext) -> None:
    ctx.tip("organiser", "数据看板 /dashboard/：全校党员、标准化热力图、“七个有力”雷达和排名，点击图表查看背后的记录")
    ctx.tip("organiser", "会议室大屏 /dashboard/U1/screen/：深色全屏，每5分钟自动刷新")
    ctx.tip("secretary", "数据看板 /dashboard/：本支部的标准化落实、“七个有力”和办实事")
