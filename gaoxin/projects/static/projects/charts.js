/* Charts of the key-project pages, drawn with the local Apache ECharts (no CDN). Each chart is an element with
   data-chart="<kind>" and data-source="<id of a json_script element>"; the figures are also in a table beside it. */
(function () {
  "use strict";
  var BRAND = "#0b4f9c", ACCENT = "#c8102e", OK = "#1e7b34";
  var FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif';

  function investment(data) {
    var l = data.labels;
    var series = [
      { name: l.invested, type: "bar", data: data.invested, itemStyle: { color: "#8fb3e0" }, barMaxWidth: 26 },
      { name: l.cumulative, type: "line", data: data.cumulative, itemStyle: { color: BRAND }, lineStyle: { width: 3 },
        symbolSize: 7, connectNulls: false },
      { name: l.schedule, type: "line", data: data.schedule, itemStyle: { color: ACCENT },
        lineStyle: { type: "dashed", width: 2 }, symbol: "none" }
    ];
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v.toFixed(2) + " " + l.unit; } },
      legend: { top: 0 },
      grid: { left: 64, right: 24, top: 40, bottom: 32 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", name: l.unit, nameTextStyle: { align: "right" } },
      series: series
    };
  }

  function stats(data) {
    var l = data.labels;
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: [{ left: 48, right: "55%", top: 48, bottom: 32 }, { left: "55%", right: 56, top: 48, bottom: 32 }],
      xAxis: [{ type: "category", data: data.stages, gridIndex: 0 }, { type: "category", data: data.quarters, gridIndex: 1 }],
      yAxis: [{ type: "value", gridIndex: 0, name: l.count, minInterval: 1 }, { type: "value", gridIndex: 1, name: l.yi }],
      series: [
        { name: l.count, type: "bar", data: data.stage_counts, xAxisIndex: 0, yAxisIndex: 0, itemStyle: { color: BRAND },
          barMaxWidth: 36, label: { show: true, position: "top" } },
        { name: l.yi, type: "bar", data: data.intake_yi, xAxisIndex: 1, yAxisIndex: 1, itemStyle: { color: OK },
          barMaxWidth: 36, label: { show: true, position: "top" } }
      ]
    };
  }

  var KINDS = { investment: investment, stats: stats };

  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var make = KINDS[el.dataset.chart], source = document.getElementById(el.dataset.source);
      if (!make || !source) { return; }
      el.classList.add("drawn"); // gives the box its height before the chart measures it
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(make(JSON.parse(source.textContent)));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
