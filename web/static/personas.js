/* Personas: persona cards from GET /personas. */
"use strict";
(() => {
  const { el, api, loading, failed, empty } = cs;
  const grid = document.getElementById("personas");
  const SKIP = new Set(["pain", "goal"]);
  const KIND = { band: "company size", seniority: "seniority", function: "function", industry: "industry", tool: "tools",
    competitor: "competitors", title: "titles", team_size: "team size", company_size: "company size" };

  function signals(p) {
    const byKind = new Map();
    for (const s of p.signals) {
      if (SKIP.has(s.kind)) continue;
      if (!byKind.has(s.kind)) byKind.set(s.kind, []);
      byKind.get(s.kind).push(s);
    }
    return el("dl", { class: "signals" }, ...[...byKind.entries()].flatMap(([kind, items]) => [
      el("dt", {}, KIND[kind] || kind.replace("_", " ")),
      el("dd", {}, el("div", { class: "chips" }, ...items.sort((a, b) => b.frequency - a.frequency).slice(0, 6).map((s) =>
        el("span", { class: "chip", title: `${s.count} of ${p.call_count} calls` }, s.value, " ", el("b", {}, cs.pct(s.frequency)))))),
    ]));
  }

  const evidence = (title, items) => (items.length ? el("section", {},
    el("h4", {}, title),
    el("ul", { class: "evidence" }, ...items.slice(0, 4).map((e) => el("li", {},
      el("q", {}, e.quote), el("span", { class: "muted" }, " — ", e.speaker || "prospect", ", ",
        el("a", { href: cs.callHref(e.external_id) }, e.external_id)))))) : null);

  function card(p) {
    const rate = p.win_rate === null ? "win rate: not enough data" : `win rate ${cs.pct(p.win_rate)}`;
    return el("article", { class: "card persona" },
      el("h3", {}, p.label),
      el("div", { class: "stats" },
        el("span", { class: "stat" }, el("b", {}, p.call_count), ` call${p.call_count === 1 ? "" : "s"}`),
        el("span", { class: "stat" }, el("b", {}, rate), ` (${p.won} won, ${p.lost} lost)`),
        p.median_company_size ? el("span", { class: "stat muted" }, `~${Math.round(p.median_company_size)} employees`) : null,
        p.median_team_size ? el("span", { class: "stat muted" }, `teams of ~${Math.round(p.median_team_size)}`) : null),
      signals(p),
      evidence("Pains", p.pains),
      evidence("Goals", p.goals),
      el("details", { class: "context" }, el("summary", {}, "Calls"),
        el("p", { class: "chips" }, ...p.calls.map((c) => el("a", { class: "chip", href: cs.callHref(c) }, c)))));
  }

  async function run() {
    loading(grid, "Building personas…");
    try {
      const found = await api("/personas");
      if (!found.personas.length) {
        await empty(grid, "No personas yet: they need prospect speech or participant titles.");
        return;
      }
      document.getElementById("summary").textContent = `${found.personas.length} personas over ${found.profiles.length} calls.`;
      grid.replaceChildren(...found.personas.map(card));
      grid.setAttribute("aria-busy", "false");
    } catch (err) {
      failed(grid, err);
    }
  }
  run();
})();
