"""数据看板的接口: the whole dashboard of an organisation, or one chart, for the big screen and others to
refresh their data. Scoped like the pages: an organisation outside the caller's scope is a 404."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from zhibu.core.pagination import ErrorOut

from . import selectors

router = Router(tags=["数据看板"])
_READ = {404: ErrorOut}
CHART_CODES = "、".join(selectors.CHARTS)


class YearQuery(Schema):
    year: int | None = Field(None, description="年度，默认今年；不合理的年份按今年处理")


class OrgOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str


class KpiOut(Schema):
    code: str
    label: str
    value: str = Field(description="已格式化的数值，如 “1,234” 或 “86%”")
    unit: str
    note: str
    url: str = Field(description="该数字背后的记录列表")


class DashboardOut(Schema):
    org: OrgOut
    year: int
    generated_at: str
    kpis: list[KpiOut]
    charts: dict[str, dict] = Field(description=f"图表编码 → 图表数据；编码：{CHART_CODES}")


class ChartOut(Schema):
    org: OrgOut
    year: int
    generated_at: str
    chart: str
    data: dict = Field(description="图表数据：每个柱、格或点带有 url，指向其背后的记录列表")


@router.get("/dashboard/{code}", response={200: DashboardOut, **_READ}, summary="数据看板", url_name="dashboard_data",
            description="组织及其下级的全部看板图表和主要指标。范围外的组织返回 404。")
def dashboard(request: HttpRequest, code: str, query: Query[YearQuery]):
    board = selectors.board_for_user(user=request.user, code=code, year=query.year)
    return selectors.dashboard_data(board)


@router.get("/dashboard/{code}/{chart}", response={200: ChartOut, **_READ}, summary="看板单个图表", url_name="dashboard_chart",
            description=f"一个图表的数据。图表编码：{CHART_CODES}。范围外的组织或未知的图表返回 404。")
def dashboard_chart(request: HttpRequest, code: str, chart: str, query: Query[YearQuery]):
    return selectors.chart_for_user(user=request.user, code=code, chart=chart, year=query.year)
