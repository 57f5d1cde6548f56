/* Objections: themes from GET /objections, trend chart from the same data or GET /trends. */
"use strict";
(() => {
  const { el, api, loading, failed, empty } = cs;
  const form = document.getElementById("call-filter");
  const list = document.getElementById("themes");
  const chart = document.getElementById("trend-chart");
  const chartBy = document.getElementById("chart-by");
  const params = new URLSearchParams(location.search);
  const filter = { rep: params.get("rep"), segment: params.get("segment"), interval: params.get("interval") || "week" };
  cs.fillForm(form, params);
  let themes = [];

  const themeName = (t) => t.label || `theme ${t.id}`;
  const trendBadge = (trend) => cs.badge("trend", trend.direction.replace(/ /g, "-"),
    trend.direction === "not enough data" ? "trend: not enough data"
      // The fitted change relative to the mean can pass -100% on sparse weeks, which reads as
      // nonsense in a badge; the arrow and the chart carry the trend.
      : charts.arrow(trend.direction));

  function themeCard(t) {
    const href = `/ui/objections/${t.id}${cs.query({ rep: filter.rep, segment: filter.segment })}`;
    const lift = t.lift;
    return el("article", { class: "card" },
      el("div", { class: "row-head" },
        el("h3", {}, el("a", { href }, themeName(t))), el("span", { class: "spacer" }), trendBadge(t.trend)),
      t.representative_quote ? el("blockquote", { class: "quote-text" }, `“${t.representative_quote}”`) : null,
      el("div", { class: "stats" },
        el("span", { class: "stat" }, el("b", {}, t.size), " objections"),
        el("span", { class: "stat" }, el("b", {}, t.call_count), ` call${t.call_count === 1 ? "" : "s"}`),
        el("span", { class: "stat", title: lift.summary }, "win rate ",
          el("b", {}, lift.enough_data ? cs.pct(lift.rate_with) : "–"),
          lift.enough_data ? ` vs ${cs.pct(lift.rate_without)} without` : " (not enough data)"),
        el("span", { class: "stat muted" }, `seen ${cs.date(t.first_seen)} – ${cs.date(t.last_seen)}`)),
      el("div", { class: "chips", "aria-label": "Categories" },
        ...Object.entries(t.categories).map(([c, n]) => el("span", { class: "chip" }, c.replace("_", " "), " ", el("b", {}, n)))));
  }

  async function drawChart() {
    if (!themes.length) { chart.replaceChildren(); return; }
    const by = chartBy.value;
    try {
      if (by === "theme") {
        const top = themes.slice(0, 6);
        charts.lines(chart, top.map((t) => t.trend), (s) => themeName(top.find((t) => String(t.id) === s.key)));
        document.getElementById("chart-note").textContent = "The six largest themes, per week. ▲/▼ mark a theme whose trend line rises or falls by more than a quarter of its mean.";
      } else {
        const series = (await api("/trends", { by, interval: filter.interval, rep: filter.rep, segment: filter.segment }))
          .filter((s) => s.key !== "untagged").sort((a, b) => total(b) - total(a)).slice(0, 6);
        charts.lines(chart, series, (s) => s.key);
        document.getElementById("chart-note").textContent = `All objections, per ${by}; the six busiest.`;
      }
    } catch (err) {
      failed(chart, err);
    }
  }
  const total = (s) => s.points.reduce((a, p) => a + p.count, 0);
  chartBy.addEventListener("change", drawChart);

  async function run() {
    loading(list, "Loading objection themes…");
    cs.repsAndSegments().then(({ reps, segments }) => {
      cs.options(document.getElementById("f-rep"), reps.map((r) => [r, r]), filter.rep);
      cs.options(document.getElementById("f-segment"), segments.map((s) => [s, s]), filter.segment);
    }).catch(() => {});
    let listing;
    try {
      listing = await api("/objections", filter);
    } catch (err) {
      failed(list, err);
      return;
    }
    themes = listing.themes;
    document.getElementById("summary").textContent = listing.items
      ? `${listing.items} objections in ${themes.length} themes; ${Math.round(listing.unassigned_share * 100)}% not in a theme yet.`
      : "";
    if (!themes.length) {
      chart.closest("section").hidden = true;
      await empty(list, filter.rep || filter.segment
        ? "No objections on calls that match this filter."
        : "No objection themes yet. Themes appear after a re-cluster (`callsift recluster`, or POST /themes/recluster).");
      return;
    }
    list.replaceChildren(...themes.map(themeCard));
    list.setAttribute("aria-busy", "false");
    drawChart();
  }
  run();
})();
