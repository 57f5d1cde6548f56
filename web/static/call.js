/* One call: GET /calls/{ref} for the transcript, GET /calls/{ref}/insights for the highlights. */
"use strict";
(() => {
  const { el, api, loading, failed } = cs;
  const ref = document.getElementById("main").dataset.callRef;
  const head = document.getElementById("call-head");
  const transcript = document.getElementById("transcript");
  const TYPES = [["objection", "Objection"], ["phrase", "Coined phrasing"], ["persona", "Persona signal"], ["tracker", "Tracker hit"]];

  function header(call) {
    document.title = `${call.title || call.external_id} · Calls · callsift`;
    head.replaceChildren(...[
      el("h1", {}, call.title || call.external_id),
      el("div", { class: "stats" },
        el("span", { class: "stat" }, cs.date(call.started_at)),
        call.account ? el("span", { class: "stat" }, call.account) : null,
        cs.outcome(call.outcome),
        call.stage ? el("span", { class: "stat muted" }, `stage: ${call.stage}`) : null,
        el("span", { class: "stat muted" }, `${call.external_id} · ${call.format} · ${call.turn_count} turns`)),
      call.tags.length ? el("div", { class: "chips" }, ...call.tags.map((t) => el("span", { class: "chip" }, t))) : null,
      call.outcome_note ? el("p", { class: "muted" }, call.outcome_note) : null].filter(Boolean));
    document.getElementById("participants").replaceChildren(el("div", { class: "table-wrap" }, el("table", {},
      el("caption", { class: "sr-only" }, "Participants"),
      el("thead", {}, el("tr", {}, ...["Participant", "Role", "Title", "Company", "Role from"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...call.participants.map((p) => el("tr", {},
        el("td", {}, p.name), el("td", {}, cs.role(p.role)), el("td", {}, p.title || "–"), el("td", {}, p.company || "–"),
        el("td", { class: "muted" }, `${p.role_source} (${cs.pct(p.role_confidence)})`)))))));
  }

  function legend(counts) {
    const box = document.getElementById("legend");
    for (const [type, label] of TYPES) {
      const input = el("input", { type: "checkbox", checked: true, id: `show-${type}` });
      input.addEventListener("change", () => transcript.classList.toggle(`hide-${type}`, !input.checked));
      box.append(el("label", { class: "check", for: `show-${type}` }, input,
        el("span", { class: `swatch swatch-${type}`, "aria-hidden": "true" }), `${label} (${counts[type] || 0})`));
    }
    document.getElementById("legend-panel").hidden = false;
  }

  function sentenceNode(s, found) {
    const text = s.text;
    if (!found || !found.length) return el("span", { class: "sent", id: `s${s.id}` }, text);
    const types = [...new Set(found.map((f) => f.type))];
    const labels = [...new Set(found.map((f) => f.label))];
    return el("span", { class: "sent", id: `s${s.id}` },
      el("mark", { class: `hl ${types.map((t) => `hl-${t}`).join(" ")}`, title: labels.join("\n") }, text),
      ...found.filter((f, i, all) => all.findIndex((g) => g.label === f.label) === i).slice(0, 3).map((f) =>
        el("span", { class: `hl-tag tag-${f.type}` }, f.type === "phrase" ? "coined phrasing" : f.label)));
  }

  function turnNode(turn, bySentence) {
    const parts = [];
    let pos = 0;
    for (const s of turn.sentences) {
      if (s.char_start > pos) parts.push(turn.text.slice(pos, s.char_start));
      parts.push(sentenceNode(s, bySentence.get(s.id)));
      pos = Math.max(pos, s.char_end);
    }
    if (pos < turn.text.length) parts.push(turn.text.slice(pos));
    return el("li", { class: "turn", id: `t${turn.index}` },
      el("span", { class: "turn-time" }, cs.clock(turn.start)),
      el("span", { class: "turn-who" }, turn.speaker, el("br"), cs.role(turn.role)),
      el("p", { class: "turn-text" }, ...parts));
  }

  async function run() {
    loading(transcript, "Loading the transcript…");
    let call, insights;
    try {
      [call, insights] = await Promise.all([api(`/calls/${encodeURIComponent(ref)}`), api(`/calls/${encodeURIComponent(ref)}/insights`)]);
    } catch (err) {
      if (err.status === 404) cs.state(transcript, "empty", `There is no call “${ref}”.`, el("a", { class: "btn", href: "/ui/calls" }, "All calls"));
      else failed(transcript, err);
      return;
    }
    header(call);
    const bySentence = new Map();
    for (const item of insights.items) {
      if (!bySentence.has(item.sentence_id)) bySentence.set(item.sentence_id, []);
      bySentence.get(item.sentence_id).push(item);
    }
    legend(insights.counts);
    transcript.replaceChildren(...call.turns.map((t) => turnNode(t, bySentence)));
    transcript.setAttribute("aria-busy", "false");
    if (location.hash) {
      const target = document.getElementById(location.hash.slice(1));
      if (target) { target.classList.add("flash"); target.scrollIntoView({ block: "center" }); }
    }
  }
  run();
})();
