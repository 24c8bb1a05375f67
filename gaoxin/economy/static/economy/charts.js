/* Charts of the economy pages, drawn with the local Apache ECharts (no CDN). Each chart is an element with
   data-chart="trend|output", data-source="<id of a json_script element>" and data-index (which chart of the data);
   the same figures are in a table on the page. */
(function () {
  "use strict";
  var BRAND = "#0b4f9c", ACCENT = "#c8102e", MUTED = "#9aa5b1", LIGHT = "#8fb3e0";
  var FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif';

  function trend(data, index) {
    var c = data.charts[index], l = data.labels;
    var series = [
      { name: l.area, type: "line", data: c.growth, itemStyle: { color: BRAND }, lineStyle: { width: 3 }, symbolSize: 8,
        label: { show: true, position: "top", formatter: "{c}%" } }
    ];
    if (l.city) {
      series.push({ name: l.city, type: "line", data: c.city_growth, itemStyle: { color: MUTED },
        lineStyle: { type: "dashed", width: 2 }, symbolSize: 6 });
    }
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      legend: { top: 0, itemWidth: 18 },
      grid: { left: 40, right: 16, top: 48, bottom: 28 },
      xAxis: { type: "category", data: c.periods, boundaryGap: true },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" }, scale: true },
      series: series
    };
  }

  function niceCeil(v) {
    var step = Math.pow(10, Math.floor(Math.log10(v)) - 1) * 2;
    return Math.ceil(v / step) * step;
  }

  function output(data, index) {
    var c = data.charts[index];
    var points = c.dates.map(function (d, i) { return [d, c.values[i]]; });
    var main = c.kind === "bar"
      ? { name: c.title, type: "bar", data: points, itemStyle: { color: LIGHT }, barMaxWidth: 28 }
      : { name: c.title, type: "line", data: points, itemStyle: { color: BRAND }, lineStyle: { width: 3 }, symbolSize: 7,
          areaStyle: { color: "rgba(11, 79, 156, .08)" } };
    if (c.capacity != null) {
      main.markLine = { symbol: "none", lineStyle: { color: ACCENT, type: "dashed", width: 2 },
        label: { formatter: c.capacity_label + " {c}", position: "insideEndTop", color: ACCENT },
        data: [{ yAxis: c.capacity }] };
    }
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + " " + c.unit; } },
      grid: { left: 64, right: 24, top: 28, bottom: 32 },
      xAxis: { type: c.kind === "bar" ? "category" : "time",
        data: c.kind === "bar" ? c.dates.map(function (d) { return d.slice(0, 7); }) : undefined },
      yAxis: { type: "value", name: c.unit, nameTextStyle: { align: "right" },
        max: c.capacity != null ? function (v) { return niceCeil(Math.max(v.max, c.capacity) * 1.08); } : null },
      series: [c.kind === "bar" ? Object.assign(main, { data: c.values }) : main]
    };
  }

  var KINDS = { trend: trend, output: output };

  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var make = KINDS[el.dataset.chart], source = document.getElementById(el.dataset.source);
      if (!make || !source) { return; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(make(JSON.parse(source.textContent), Number(el.dataset.index || 0)));
      el.classList.add("drawn");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
