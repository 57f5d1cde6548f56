/* Trend charts with plotly (served from the plotly package by callsift itself). */
"use strict";
const charts = (() => {
  const COLORS = ["#3b3fb6", "#e07a1f", "#12774a", "#b42318", "#7a4fd6", "#0e7490", "#a16207", "#be185d"];
  const MARK = { rising: "▲ rising", falling: "▼ falling", flat: "flat", insufficient: "not enough data" };
  const arrow = (direction) => MARK[direction] || direction;
  const layout = (extra) => ({
    margin: { l: 40, r: 16, t: 10, b: 40 }, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: "system-ui, sans-serif", size: 12, color: "#1d2433" },
    xaxis: { gridcolor: "#eef0f5" }, yaxis: { gridcolor: "#eef0f5", rangemode: "tozero", title: { text: "count" } },
    legend: { orientation: "h", y: -0.18 }, hovermode: "x unified", ...extra,
  });
  const config = { displayModeBar: false, responsive: true };

  /** Lines for several series; each legend entry carries its rising/falling mark. */
  function lines(node, series, names) {
    const traces = series.map((s, i) => {
      const color = COLORS[i % COLORS.length];
      const x = s.points.map((p) => p.period), y = s.points.map((p) => p.count);
      return {
        type: "scatter", mode: "lines+markers", x, y, line: { color, width: 2 },
        marker: {
          size: x.map((_, j) => (j === x.length - 1 && ["rising", "falling"].includes(s.direction) ? 13 : 4)),
          symbol: x.map((_, j) => (j === x.length - 1 ? { rising: "triangle-up", falling: "triangle-down" }[s.direction] || "circle" : "circle")),
          color,
        },
        name: `${names(s)} (${arrow(s.direction)})`,
      };
    });
    Plotly.newPlot(node, traces, layout({}), config);
  }

  /** Bars for one series plus its least-squares line, coloured by direction. */
  function bars(node, s) {
    const x = s.points.map((p) => p.period), y = s.points.map((p) => p.count);
    const n = y.length, mx = (n - 1) / 2, my = y.reduce((a, b) => a + b, 0) / (n || 1);
    let num = 0, den = 0;
    y.forEach((v, i) => { num += (i - mx) * (v - my); den += (i - mx) ** 2; });
    const slope = den ? num / den : 0;
    const color = { rising: "#b42318", falling: "#12774a" }[s.direction] || "#5d6678";
    Plotly.newPlot(node, [
      { type: "bar", x, y, name: "objections", marker: { color: "#9ea2ee" } },
      { type: "scatter", mode: "lines", x, y: y.map((_, i) => my + slope * (i - mx)), name: `trend: ${arrow(s.direction)}`,
        line: { color, width: 3, dash: "dot" } },
    ], layout({ showlegend: true }), config);
  }
  return { lines, bars, arrow };
})();
