/* Charts of the co-building and integration pages: data from json_script elements, drawn with ECharts. */
(function () {
  var palette = ["#b71c1c", "#e57373", "#8d6e63", "#546e7a", "#ffb300", "#7986cb", "#4db6ac"];

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    option.color = palette;
    option.animation = false;
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  var monthly = data("cobuild-chart-data");
  if (monthly) {
    draw("cobuild-chart", {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 36, right: 12, top: 36, bottom: 48 },
      xAxis: { type: "category", data: monthly.months, axisLabel: { rotate: 45, fontSize: 10 } },
      yAxis: { type: "value", minInterval: 1 },
      series: monthly.series.map(function (s) { return { name: s.name, type: "bar", stack: "all", data: s.data }; })
    });
  }

  var bars = data("bars-chart-data");
  if (bars) {
    bars.forEach(function (chart) {
      draw(chart.id, {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + (chart.unit || ""); } },
        legend: chart.series.length > 1 ? { top: 0 } : undefined,
        grid: { left: 40, right: 12, top: chart.series.length > 1 ? 36 : 16, bottom: 56, containLabel: true },
        xAxis: { type: "category", data: chart.labels, axisLabel: { interval: 0, rotate: chart.labels.length > 4 ? 30 : 0, fontSize: 11 } },
        yAxis: { type: "value", max: chart.max || null, minInterval: 1 },
        series: chart.series.map(function (s) { return { name: s.name, type: "bar", data: s.data, barMaxWidth: 36 }; })
      });
    });
  }
})();
