/* Phrasings: GET /phrases (leaderboard) and GET /phrases/gap; claims go to POST /messaging. */
"use strict";
(() => {
  const { el, api, loading, failed, empty, state } = cs;
  const form = document.getElementById("phrase-filter");
  const board = document.getElementById("leaderboard");
  const params = new URLSearchParams(location.search);
  cs.fillForm(form, params);

  function liftNote(lift) {
    if (!lift.enough_data) return "not enough data";
    const sign = lift.difference > 0 ? "+" : "";
    return `${sign}${Math.round(lift.difference * 100)} pts`;
  }

  function phrasingCard(p) {
    return el("article", { class: "card phrasing" },
      el("div", { class: "row-head" }, el("span", { class: "big-rank" }, `#${p.rank}`),
        el("blockquote", { class: "quote-text" }, `“${p.text}”`), el("span", { class: "spacer" }),
        el("span", { class: "stat", title: "overall score" }, el("b", {}, p.total.toFixed(2)))),
      el("div", { class: "meters" },
        cs.meter("Distinctiveness", p.scores.distinctiveness),
        cs.meter("Resonance", p.scores.resonance),
        cs.meter("Spread", p.scores.spread, `${p.call_count} call${p.call_count === 1 ? "" : "s"}`),
        cs.meter("Win lift", p.scores.lift, liftNote(p.lift))),
      el("p", { class: "meta" }, `Lift: ${p.lift.summary}`),
      el("div", { class: "chips", "aria-label": "Reps who use it" },
        ...p.speakers.map((s) => el("a", { class: "chip", href: `/ui/phrasings${cs.query({ speaker: s })}` }, s)),
        p.library_similarity !== null ? el("span", { class: "chip" }, `closest messaging ${p.library_similarity.toFixed(2)}`) : null),
      el("details", { class: "context" }, el("summary", {}, `Evidence: ${p.variants.length} use${p.variants.length === 1 ? "" : "s"}`),
        el("ol", { class: "ctx-list" }, ...p.variants.map((v) => el("li", { class: "ctx" },
          el("span", { class: "ctx-who" }, v.speaker, " ", cs.role("rep"), " ",
            el("a", { href: cs.callHref(v.call_id, v.sentence_id) }, v.external_id)),
          el("p", {}, `“${v.text}”`),
          v.reaction ? el("p", { class: "muted" }, "Prospect: ", `“${v.reaction}”`) : null)))));
  }

  async function leaderboard() {
    loading(board, "Ranking phrasings…");
    api("/trends", { by: "rep" }).then((series) => cs.options(document.getElementById("f-speaker"),
      series.map((s) => [s.key, s.key]).filter(([k]) => k !== "unknown"), params.get("speaker"))).catch(() => {});
    try {
      const phrasings = await api("/phrases", { limit: params.get("limit") || 20, speaker: params.get("speaker") });
      if (!phrasings.length) {
        await empty(board, params.get("speaker") ? "This rep has no coined phrasing yet." : "No coined phrasings found yet: they need rep turns with analogies or images.");
        return;
      }
      board.replaceChildren(...phrasings.map(phrasingCard));
      board.setAttribute("aria-busy", "false");
    } catch (err) {
      failed(board, err);
    }
  }

  async function gap() {
    const reps = document.getElementById("gap-rep"), claims = document.getElementById("gap-claim");
    loading(reps);
    loading(claims);
    try {
      const [found, library] = await Promise.all([api("/phrases/gap"), api("/messaging")]);
      if (found.rep_phrasings_off_message.length) {
        reps.replaceChildren(...found.rep_phrasings_off_message.map((p) => el("div", { class: "ctx" },
          el("p", {}, `“${p.text}”`),
          el("p", { class: "meta" }, `${p.speakers.join(", ")} · ${p.call_count} call${p.call_count === 1 ? "" : "s"}`,
            p.library_similarity !== null ? ` · closest claim ${p.library_similarity.toFixed(2)}` : ""))));
      } else {
        state(reps, "empty", "Every coined phrasing is close to a messaging claim.");
      }
      if (!library.length) {
        state(claims, "empty", "The messaging library is empty. Add your official claims below to see which ones reps never say.");
      } else if (found.claims_never_said.length) {
        claims.replaceChildren(...found.claims_never_said.map((c) => el("div", { class: "ctx" },
          el("p", {}, `“${c.text}”`), el("p", { class: "meta" }, `closest rep line ${c.closest_rep_similarity.toFixed(2)}`))));
      } else {
        state(claims, "empty", `Reps say something close to all ${library.length} claims in the library.`);
      }
      [reps, claims].forEach((n) => n.setAttribute("aria-busy", "false"));
    } catch (err) {
      failed(reps, err);
      claims.replaceChildren();
    }
  }

  document.getElementById("messaging-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const lines = document.getElementById("claims").value.split("\n").map((x) => x.trim()).filter(Boolean);
    if (!lines.length) { cs.toast("Write at least one claim"); return; }
    try {
      const res = await api("/messaging", null, { json: { claims: lines, source: "dashboard" } });
      cs.toast(`${res.added} claim${res.added === 1 ? "" : "s"} added`);
      document.getElementById("claims").value = "";
      gap();
    } catch (err) {
      cs.toast(`Could not add: ${err.message}`);
    }
  });

  leaderboard().then(gap);
})();
