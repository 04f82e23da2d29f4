"""数据看板: stored results of the charts that are too slow to compute on every request at a large scope."""

from django.db import models

from zhibu.orgs.models import Org


class Snapshot(models.Model):
    """One chart's data for one organisation and year, as last computed.

    Derived data, not a record: it can be dropped at any time and is computed again on the next view or by
    `zhibu manage dashboard_refresh`; so no soft delete and no audit.
    """

    org = models.ForeignKey(Org, verbose_name="组织", on_delete=models.CASCADE, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField("年度")
    chart = models.CharField("图表", max_length=40)
    data = models.JSONField("数据")
    computed_at = models.DateTimeField("计算时间")
    seconds = models.FloatField("计算用时（秒）", default=0)

    class Meta:
        verbose_name = "看板数据快照"
        verbose_name_plural = "看板数据快照"
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "chart"], name="dashboard_snapshot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.year} {self.chart}"
