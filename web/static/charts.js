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

  /** Stacked weekly bars for several series; each legend entry carries its rising/falling mark,
      and a triangle above the last period marks each rising or falling series. */
  function lines(node, series, names) {
    const traces = series.map((s, i) => ({
      type: "bar", x: s.points.map((p) => p.period), y: s.points.map((p) => p.count),
      marker: { color: COLORS[i % COLORS.length] }, name: `${names(s)} (${arrow(s.direction)})`,
    }));
    const last = series.length && series[0].points.length ? series[0].points[series[0].points.length - 1].period : null;
    const top = last ? series.reduce((a, s) => a + (s.points[s.points.length - 1]?.count || 0), 0) : 0;
    const marked = series.map((s, i) => [s, i]).filter(([s]) => ["rising", "falling"].includes(s.direction));
    if (last && marked.length) {
      traces.push({
        type: "scatter", mode: "markers", x: marked.map(() => last), hoverinfo: "skip", showlegend: false,
        y: marked.map((_, k) => top + 0.6 + k * 0.55),
        marker: { size: 12, color: marked.map(([, i]) => COLORS[i % COLORS.length]),
          symbol: marked.map(([s]) => (s.direction === "rising" ? "triangle-up" : "triangle-down")) },
      });
    }
    Plotly.newPlot(node, traces, layout({ barmode: "stack", bargap: 0.25 }), config);
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
