/* The destination chart of the last-mile board: graduates by status, stacked per major and class year, with the
   destination rate (去向落实率) as a line on the right axis. Data from a json_script element. */
(function () {
  var el = document.getElementById("rate-chart");
  var src = document.getElementById("rate-chart-data");
  if (!el || !src || !window.echarts) return;
  var data = JSON.parse(src.textContent);
  var colors = { seeking: "#b71c1c", employed: "#2e7d32", further_study: "#1565c0", abroad: "#6a1b9a",
                 public_service: "#ef6c00", not_seeking: "#9e9e9e" };
  var chart = echarts.init(el, null, { renderer: "svg" });
  var series = data.series.map(function (s) {
    return { name: s.name, type: "bar", stack: "all", data: s.data, itemStyle: { color: colors[s.code] } };
  });
  series.push({ name: "去向落实率", type: "line", yAxisIndex: 1, data: data.rates, itemStyle: { color: "#212121" },
                label: { show: true, formatter: "{c}%", fontSize: 10 } });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length > 4 ? 30 : 0, fontSize: 11 } },
    yAxis: [{ type: "value", name: "人", minInterval: 1 }, { type: "value", name: "%", max: 100, splitLine: { show: false } }],
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
