/* One objection theme: GET /objections/{id}: its quotes and the rep answers ranked by wins. */
"use strict";
(() => {
  const { el, api, loading, failed, state } = cs;
  const themeId = document.getElementById("main").dataset.themeId;
  const form = document.getElementById("call-filter");
  const params = new URLSearchParams(location.search);
  const filter = { rep: params.get("rep"), segment: params.get("segment"), interval: params.get("interval") || "week" };
  cs.fillForm(form, params);
  document.getElementById("back").href = `/ui/objections${cs.query(filter)}`;
  const head = document.getElementById("theme-head");
  const answers = document.getElementById("answers");
  const quotes = document.getElementById("quotes");

  function answerCard(a, rank) {
    const decided = a.decided;
    const rate = a.enough_data
      ? [el("b", {}, cs.pct(a.win_rate)), ` won (95% CI ${cs.pct(a.ci_low)}–${cs.pct(a.ci_high)})`]
      : [el("b", {}, "not enough data"), " (5 decided calls needed)"];
    return el("article", { class: "card answer" },
      el("div", { class: "row-head" }, el("span", { class: "big-rank" }, `${rank}`),
        el("blockquote", { class: "quote-text" }, `“${a.answer}”`)),
      el("div", { class: "stats" }, el("span", { class: "stat" }, ...rate),
        el("span", { class: "stat", title: "sample size" }, "n = ", el("b", {}, a.calls), ` call${a.calls === 1 ? "" : "s"}, `,
          el("b", {}, decided), ` decided: ${a.won} won, ${a.lost} lost`)),
      a.examples.length > 1 ? el("details", { class: "context" }, el("summary", {}, `${a.examples.length} ways reps said it`),
        el("ul", {}, ...a.examples.map((x) => el("li", {}, x)))) : null);
  }

  function quoteCard(q) {
    return el("article", { class: "card" },
      el("div", { class: "quote-head" }, el("span", { class: "speaker" }, q.speaker || "unknown"),
        cs.badge("cat", q.category, q.category.replace("_", " ")), el("span", { class: "spacer" }), cs.outcome(q.outcome)),
      el("blockquote", { class: "quote-text" }, `“${q.text}”`),
      el("p", { class: "meta" }, el("a", { href: cs.callHref(q.call_id, q.sentence_id) }, q.call_title || q.external_id),
        ` · ${cs.date(q.call_date)} · confidence ${cs.pct(q.confidence)}`));
  }

  async function run() {
    loading(answers, "Ranking answers…");
    loading(quotes, "Loading quotes…");
    cs.repsAndSegments().then(({ reps, segments }) => {
      cs.options(document.getElementById("f-rep"), reps.map((r) => [r, r]), filter.rep);
      cs.options(document.getElementById("f-segment"), segments.map((s) => [s, s]), filter.segment);
    }).catch(() => {});
    let found;
    try {
      found = await api(`/objections/${themeId}`, filter);
    } catch (err) {
      failed(head, err);
      answers.replaceChildren();
      quotes.replaceChildren();
      return;
    }
    const t = found.theme;
    document.title = `${t.label || `Theme ${t.id}`} · Objections · callsift`;
    head.replaceChildren(...[
      el("h1", {}, t.label || `Theme ${t.id}`),
      t.representative_quote ? el("p", { class: "lede" }, `“${t.representative_quote}”`) : null,
      el("div", { class: "stats" },
        el("span", { class: "stat" }, el("b", {}, t.size), " objections"),
        el("span", { class: "stat" }, el("b", {}, t.call_count), " calls"),
        el("span", { class: "stat" }, t.lift.summary),
        cs.badge("trend", t.trend.direction.replace(/ /g, "-"), charts.arrow(t.trend.direction))),
      el("div", { class: "chips" }, ...Object.entries(t.categories).map(([c, n]) => el("span", { class: "chip" }, c.replace("_", " "), " ", el("b", {}, n))))].filter(Boolean));
    charts.bars(document.getElementById("trend-chart"), t.trend);
    if (found.answers.length) answers.replaceChildren(...found.answers.map((a, i) => answerCard(a, i + 1)));
    else state(answers, "empty", "No rep answers recorded for these objections.");
    if (found.quotes.length) quotes.replaceChildren(...found.quotes.map(quoteCard));
    else state(quotes, "empty", "No objections in this theme match the filter.");
    [answers, quotes].forEach((n) => n.setAttribute("aria-busy", "false"));
  }
  run();
})();
