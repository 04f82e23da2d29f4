/* zhibu dashboard: builds each chart's ECharts option from the data the server sends (the same JSON as
 * /api/dashboard/<code>), for the page (light) and the big screen (dark, large type). Every bar, cell and
 * point carries the URL of the records behind it; clicking it goes there. Names come from users: tooltips
 * escape them, never treat them as HTML. */
(function (global) {
  "use strict";
  var RED = "#c62828", GOLD = "#f2b441", GREEN = "#4caf78", BLUE = "#5b8ff9", GREY = "#9e9e9e";
  var PALETTE = [RED, GOLD, BLUE, GREEN, "#8d6e63", "#ab47bc", GREY];

  function esc(s) { return echarts.format.encodeHTML(String(s == null ? "" : s)); }

  function style(opts) {
    var big = !!opts.big;
    return {
      big: big,
      dark: !!opts.dark,
      font: big ? 16 : 12,
      text: opts.dark ? "#e8e8ea" : "#444",
      faint: opts.dark ? "rgba(255,255,255,.12)" : "#eee",
      cell: opts.dark ? "#1b2230" : "#fff"
    };
  }

  function axisLabel(s, extra) {
    var out = {color: s.text, fontSize: s.font, hideOverlap: true};
    for (var k in extra || {}) { out[k] = extra[k]; }
    return out;
  }

  function base(s) {
    return {
      backgroundColor: "transparent",
      color: PALETTE,
      animationDuration: 600,
      textStyle: {fontSize: s.font, fontFamily: "inherit"},
      tooltip: {confine: true, textStyle: {fontSize: s.font}},
      legend: {top: 0, textStyle: {color: s.text, fontSize: s.font}, itemWidth: s.big ? 18 : 14,
               itemHeight: s.big ? 12 : 10},
      grid: {left: 8, right: 16, top: s.big ? 40 : 32, bottom: 8, containLabel: true}
    };
  }

  function empty(option, s, text) {
    return {backgroundColor: "transparent",
            graphic: [{type: "text", left: "center", top: "middle",
                       style: {text: text, fill: s.dark ? "#8a93a6" : "#999", fontSize: s.big ? 20 : 14}}]};
  }

  var builders = {
    stacked_bar: function (c, s) {
      var o = base(s);
      o.tooltip.trigger = "axis";
      o.tooltip.axisPointer = {type: "shadow"};
      o.xAxis = {type: "category", data: c.categories, axisLabel: axisLabel(s, {interval: 0})};
      o.yAxis = {type: "value", minInterval: 1, axisLabel: axisLabel(s), splitLine: {lineStyle: {color: s.faint}}};
      o.series = c.series.map(function (se) {
        return {type: "bar", name: se.name, stack: "all", data: se.data, barMaxWidth: s.big ? 56 : 40,
                emphasis: {focus: "series"}};
      });
      return c.total ? o : empty(o, s, "暂无党员数据");
    },

    heatmap: function (c, s) {
      var o = base(s);
      var rate = c.mode === "rate";
      var labels = ["未到期或不计", "达标", "进行中", "未达标"];
      var visible = s.big ? 9 : 14;
      o.legend = {show: false};
      o.tooltip.formatter = function (p) {
        var v = p.data;
        var head = esc(c.rows[v[1]]) + " · " + c.months[v[0]];
        var what = rate ? "达标比例 " + v[2] + "%" : labels[v[2]];
        return head + "<br><b>" + what + "</b>" + v[3].map(function (t) { return "<br>" + esc(t); }).join("");
      };
      o.grid = {left: 8, right: c.rows.length > visible ? 28 : 12, top: s.big ? 30 : 24,
                bottom: rate ? (s.big ? 44 : 36) : 8, containLabel: true};
      o.xAxis = {type: "category", data: c.months, position: "top", axisTick: {show: false},
                 axisLine: {show: false}, axisLabel: axisLabel(s, {interval: 0})};
      o.yAxis = {type: "category", data: c.rows, inverse: true, axisTick: {show: false}, axisLine: {show: false},
                 axisLabel: axisLabel(s, {width: s.big ? 150 : 120, overflow: "truncate"})};
      if (rate) {
        o.visualMap = {type: "continuous", min: 0, max: 100, dimension: 2, orient: "horizontal", left: "center",
                       bottom: 0, itemHeight: s.big ? 200 : 140, itemWidth: s.big ? 14 : 10, calculable: false,
                       text: ["100%", "0%"], textStyle: {color: s.text, fontSize: s.font},
                       inRange: {color: ["#d9534f", "#f2b441", "#4caf78"]}};
      } else {
        o.visualMap = {type: "piecewise", show: false, dimension: 2,
                       pieces: [{value: 0, color: s.dark ? "#2b3445" : "#eeeeee"}, {value: 1, color: GREEN},
                                {value: 2, color: GOLD}, {value: 3, color: "#d9534f"}]};
      }
      if (c.rows.length > visible) {
        o.dataZoom = [{type: "slider", yAxisIndex: 0, right: 4, width: 14, startValue: 0, endValue: visible - 1,
                       showDetail: false, brushSelect: false},
                      {type: "inside", yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true}];
      }
      o.series = [{type: "heatmap", data: c.data, label: {show: rate && !s.big, color: "#fff", fontSize: 11,
                           formatter: function (p) { return p.data[2]; }},
                   itemStyle: {borderColor: s.cell, borderWidth: 2, borderRadius: 3},
                   emphasis: {itemStyle: {borderColor: s.dark ? "#fff" : "#333", borderWidth: 1}}}];
      return c.data.length ? o : empty(o, s, "暂无需要检查的支部");
    },

    radar: function (c, s) {
      var o = base(s);
      o.legend.bottom = 0;
      o.legend.top = null;
      o.tooltip.trigger = "item";
      o.radar = {indicator: c.indicators.map(function (i) { return {name: i.name, max: i.max}; }),
                 radius: "66%", center: ["50%", "48%"],
                 axisName: {color: s.text, fontSize: s.font},
                 splitLine: {lineStyle: {color: s.faint}}, axisLine: {lineStyle: {color: s.faint}},
                 splitArea: {areaStyle: {color: s.dark ? ["rgba(255,255,255,.02)", "rgba(255,255,255,.05)"]
                                                       : ["#fff", "#fafafa"]}}};
      o.series = [{type: "radar", symbolSize: s.big ? 7 : 5, areaStyle: {opacity: 0.18},
                   data: c.series.map(function (se) { return {name: se.name, value: se.value, url: se.url}; })}];
      return c.series.length ? o : empty(o, s, "暂无评分");
    },

    hbar: function (c, s) {
      var o = base(s);
      var rows = c.data.slice();
      o.legend = {show: false};
      o.tooltip.formatter = function (p) { return esc(p.name) + "<br><b>" + p.value + (c.unit || "") + "</b>"; };
      o.grid.top = 8;
      o.xAxis = {type: "value", max: c.max || null, minInterval: 1, axisLabel: axisLabel(s),
                 splitLine: {lineStyle: {color: s.faint}}};
      o.yAxis = {type: "category", inverse: true, data: rows.map(function (d) { return d.name; }),
                 axisLabel: axisLabel(s, {width: s.big ? 170 : 130, overflow: "truncate", interval: 0})};
      o.series = [{type: "bar", data: rows, barMaxWidth: s.big ? 26 : 18, itemStyle: {color: RED, borderRadius: [0, 3, 3, 0]},
                   label: {show: true, position: "right", color: s.text, fontSize: s.font}}];
      return rows.length ? o : empty(o, s, c.missing || "暂无数据");
    },

    bar: function (c, s) {
      var o = base(s);
      o.legend = {show: false};
      o.grid.top = 24;
      o.xAxis = {type: "category", data: c.data.map(function (d) { return d.name; }),
                 axisLabel: axisLabel(s, {interval: 0, rotate: 30, hideOverlap: false})};
      o.yAxis = {type: "value", minInterval: 1, axisLabel: axisLabel(s), splitLine: {lineStyle: {color: s.faint}}};
      o.series = [{type: "bar", data: c.data, barMaxWidth: s.big ? 44 : 32,
                   itemStyle: {color: RED, borderRadius: [3, 3, 0, 0]},
                   label: {show: true, position: "top", color: s.text, fontSize: s.font}}];
      return c.total ? o : empty(o, s, "暂无案例");
    },

    combo: function (c, s) {
      var o = base(s);
      var rows = c.rows || [];
      o.tooltip.trigger = "axis";
      o.xAxis = {type: "category", data: rows.map(function (r) { return r.name; }),
                 axisLabel: axisLabel(s, {interval: 0, rotate: rows.length > 5 ? 30 : 0, width: 90, overflow: "truncate"})};
      o.yAxis = [{type: "value", name: "人", minInterval: 1, axisLabel: axisLabel(s), nameTextStyle: {color: s.text},
                  splitLine: {lineStyle: {color: s.faint}}},
                 {type: "value", name: "落实率", max: 100, axisLabel: axisLabel(s, {formatter: "{value}%"}),
                  nameTextStyle: {color: s.text}, splitLine: {show: false}}];
      function pick(key) { return rows.map(function (r) { return {value: r[key], url: r.url}; }); }
      o.series = [{type: "bar", name: "毕业生", data: pick("graduates"), itemStyle: {color: GREY}, barMaxWidth: 30},
                  {type: "bar", name: "已落实", data: pick("placed"), itemStyle: {color: RED}, barMaxWidth: 30},
                  {type: "line", name: "落实率", yAxisIndex: 1, data: pick("rate"), itemStyle: {color: GOLD},
                   symbolSize: s.big ? 9 : 6, label: {show: !s.big || rows.length <= 8, formatter: "{c}%",
                   color: s.text}}];
      return rows.length ? o : empty(o, s, c.missing || "暂无本年度毕业生");
    },

    months: function (c, s) {
      var o = base(s);
      var ms = c.months || [];
      o.tooltip.trigger = "axis";
      o.xAxis = {type: "category", data: ms.map(function (m) { return m.name; }), axisLabel: axisLabel(s)};
      o.yAxis = [{type: "value", name: "件", minInterval: 1, axisLabel: axisLabel(s), nameTextStyle: {color: s.text},
                  splitLine: {lineStyle: {color: s.faint}}},
                 {type: "value", name: "受益人数", minInterval: 1, axisLabel: axisLabel(s), nameTextStyle: {color: s.text},
                  splitLine: {show: false}}];
      o.series = [{type: "bar", name: "办实事", barMaxWidth: 26, itemStyle: {color: RED, borderRadius: [3, 3, 0, 0]},
                   data: ms.map(function (m) { return {value: m.deeds, url: m.url}; })},
                  {type: "line", name: "受益人数", yAxisIndex: 1, smooth: true, itemStyle: {color: GOLD},
                   symbolSize: s.big ? 8 : 5, data: ms.map(function (m) { return {value: m.beneficiaries, url: m.url}; })}];
      return c.deeds || c.beneficiaries ? o : empty(o, s, c.missing || "本年度暂无记录");
    }
  };

  function option(c, opts) {
    var s = style(opts || {});
    if (c.missing) { return empty(base(s), s, c.missing); }
    var build = builders[c.kind];
    return build ? build(c, s) : empty(base(s), s, "暂不支持的图表");
  }

  function urlOf(p) {
    var d = p.data;
    if (!d) { return ""; }
    if (Array.isArray(d)) { return d[4] || ""; }
    return d.url || "";
  }

  function render(el, c, opts) {
    opts = opts || {};
    if (c.kind === "heatmap" && !opts.big && c.rows) {
      // a row of cells per unit: the page's chart grows with the rows, up to a scrolling window
      el.style.height = Math.min(560, Math.max(200, 90 + Math.min(c.rows.length, 14) * 34)) + "px";
    }
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, opts.dark ? "dark" : null);
    chart.resize();
    chart.setOption(option(c, opts), true);
    chart.off("click");
    chart.on("click", function (p) {
      var url = urlOf(p);
      if (url) { global.location.href = url; }
    });
    if (!el.dataset.zbResize) {
      el.dataset.zbResize = "1";
      global.addEventListener("resize", function () { chart.resize(); });
    }
    return chart;
  }

  function renderAll(data, opts) {
    var els = document.querySelectorAll("[data-zb-chart]");
    Array.prototype.forEach.call(els, function (el) {
      var c = data.charts[el.getAttribute("data-zb-chart")];
      if (c) { render(el, c, opts); }
    });
  }

  function updateKpis(kpis) {
    kpis.forEach(function (k) {
      var tile = document.querySelector('[data-zb-kpi="' + k.code + '"]');
      if (!tile) { return; }
      var v = tile.querySelector("[data-zb-value]"), n = tile.querySelector("[data-zb-note]");
      if (v) { v.textContent = k.value; }
      if (n) { n.textContent = k.note; }
    });
  }

  global.ZBDashboard = {option: option, render: render, renderAll: renderAll, updateKpis: updateKpis};
})(window);
