/* The cockpit's charts: each headline indicator's growth over the years, the zone against its city, drawn with the
   local Apache ECharts (no CDN). The same figures are in a table under each chart (hidden once the chart is drawn,
   still read by screen readers). The tiles are replaced every 60 s by htmx: the old charts are disposed before the
   swap and the new ones drawn after it. */
(function () {
  "use strict";
  var BRAND = "#0b4f9c", MUTED = "#8a96a3";
  var FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif';
  var charts = [];

  function percent(v) { return v == null ? "—" : v + "%"; }

  function trendOption(data, t) {
    var series = [{
      name: data.area, type: "line", data: t.growth, itemStyle: { color: BRAND }, lineStyle: { width: 3 },
      symbolSize: 7, label: { show: true, position: "top", formatter: function (p) { return percent(p.value); } }
    }];
    if (data.city) {
      series.push({ name: data.city, type: "line", data: t.city_growth, itemStyle: { color: MUTED },
        lineStyle: { type: "dashed", width: 2 }, symbolSize: 5 });
    }
    return {
      animation: false,
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", valueFormatter: percent },
      legend: { top: 0, left: 0, itemWidth: 16, itemHeight: 8, textStyle: { fontSize: 12 } },
      grid: { left: 36, right: 14, top: 46, bottom: 22 },
      xAxis: { type: "category", data: t.periods, axisTick: { show: false } },
      yAxis: { type: "value", scale: true, splitNumber: 3, axisLabel: { formatter: "{value}%", fontSize: 11 } },
      series: series
    };
  }

  function dispose() {
    charts.forEach(function (chart) { chart.dispose(); });
    charts = [];
  }

  function draw() {
    var source = document.getElementById("cockpit-chart-data");
    if (!window.echarts || !source) { return; }
    var data = JSON.parse(source.textContent);
    dispose();
    document.querySelectorAll("#cockpit-tiles [data-trend]").forEach(function (el) {
      var t = data.trends[Number(el.dataset.trend)];
      if (!t) { return; }
      el.classList.add("drawn"); // gives the box its height before the chart measures it
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(trendOption(data, t));
      charts.push(chart);
    });
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "cockpit-tiles") { dispose(); }
  });
  document.addEventListener("htmx:afterSettle", function () { draw(); });
  window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
