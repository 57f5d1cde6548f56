/* callsift dashboard: shared helpers. Every page reads the public JSON API with fetch. */
"use strict";

const cs = (() => {
  /** Build an element: el("a", {href: "/x", class: "btn", on: {click: fn}}, "text", child). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (value === true) node.setAttribute(key, "");
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Query string from an object; arrays repeat the key, empty values are dropped. */
  function query(params) {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (v !== null && v !== undefined && String(v).trim() !== "") q.append(key, String(v).trim());
      }
    }
    const s = q.toString();
    return s ? `?${s}` : "";
  }

  /** Call the JSON API; throws an Error carrying the API's own message. */
  async function api(path, params, options = {}) {
    const init = { headers: { Accept: "application/json" }, ...options };
    if (options.json !== undefined) {
      init.method = init.method || "POST";
      init.body = JSON.stringify(options.json);
      init.headers["Content-Type"] = "application/json";
    }
    let response;
    try {
      response = await fetch(path + query(params), init);
    } catch (err) {
      throw new Error("callsift did not answer; is the server running?");
    }
    if (response.status === 204) return null;
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = body && body.detail;
      const text = Array.isArray(detail)
        ? detail.map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("; ")
        : detail || `${response.status} ${response.statusText}`;
      const error = new Error(text);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  /** Replace a container's content with a loading, empty or error state. */
  function state(container, kind, message, ...extra) {
    const role = kind === "error" ? "alert" : "status";
    container.replaceChildren(el("div", { class: `state state-${kind}`, role },
      kind === "loading" ? el("span", { class: "spinner", "aria-hidden": "true" }) : null,
      el("p", {}, message), ...extra));
    container.setAttribute("aria-busy", kind === "loading" ? "true" : "false");
  }

  const loading = (container, message = "Loading…") => state(container, "loading", message);
  const failed = (container, err) => state(container, "error", `Something went wrong: ${err.message}`,
    el("button", { class: "btn", type: "button", on: { click: () => location.reload() } }, "Try again"));

  /** When a view is empty, say whether it is because there are no calls at all. */
  async function empty(container, message, ...extra) {
    let total = 1;
    try { total = (await api("/calls", { limit: 1 })).total; } catch (err) { /* keep the message */ }
    if (total === 0) {
      state(container, "empty", "No calls yet: upload some, or run `make run` for the sample calls.",
        el("a", { class: "btn btn-primary", href: "/ui/upload" }, "Upload transcripts"));
    } else {
      state(container, "empty", message, ...extra);
    }
  }

  const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  function date(iso) {
    if (!iso) return "undated";
    const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
    return Number.isNaN(d.getTime()) ? iso : DATE.format(d);
  }

  function clock(seconds) {
    if (seconds === null || seconds === undefined) return "";
    const s = Math.max(0, Math.round(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = String(s % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${r}` : `${m}:${r}`;
  }

  const pct = (x) => (x === null || x === undefined ? "–" : `${Math.round(x * 100)}%`);
  const badge = (kind, value, label) => el("span", { class: `badge ${kind}-${value}` }, label || value);
  const role = (r) => badge("role", r);
  const outcome = (o) => badge("outcome", o);

  /** Text with only <mark> kept from an API highlight (the API escapes; this double-checks). */
  function marks(html) {
    const frag = document.createDocumentFragment();
    const tpl = document.createElement("template");
    tpl.innerHTML = html;
    for (const node of tpl.content.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") frag.append(el("mark", {}, node.textContent));
      else frag.append(document.createTextNode(node.textContent));
    }
    return frag;
  }

  function toast(message) {
    const box = document.getElementById("toast");
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 2500);
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (err) {
      const area = el("textarea", { class: "offscreen", "aria-hidden": "true" });
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
  }

  /** “Quote” — Title, Company, call of DATE (the quote at the span searched for, if any) */
  function attribution(hit) {
    const who = [hit.speaker_title || hit.speaker, hit.speaker_company || hit.account].filter(Boolean);
    return `“${hit.span_text || hit.quote}” — ${who.join(", ")}, call of ${date(hit.call_date)}`;
  }

  const callHref = (callId, sentenceId) => `/ui/calls/${encodeURIComponent(callId)}${sentenceId ? `#s${sentenceId}` : ""}`;

  function contextTurn(turn, hit, current) {
    let text = turn.text;
    let body = [text];
    if (current && hit.char_end > hit.char_start) {
      body = [text.slice(0, hit.char_start), el("strong", {}, text.slice(hit.char_start, hit.char_end)),
        text.slice(hit.char_end)];
    }
    return el("li", { class: current ? "ctx ctx-current" : "ctx" },
      el("span", { class: "ctx-who" }, turn.speaker, " ", role(turn.role),
        turn.start !== null ? el("span", { class: "muted" }, ` ${clock(turn.start)}`) : null),
      el("p", {}, ...body));
  }

  /** A quote card for a search hit (or a tracker hit: the same shape). A hit searched with
   * span=window or span=turn shows that wider quote; its sentence stays in the context. */
  function quoteCard(hit, { onSelect } = {}) {
    const html = (hit.span && hit.span !== "sentence" && hit.span_highlight) || hit.highlight;
    const who = [hit.speaker_title, hit.speaker_company].filter(Boolean).join(", ");
    const copyBtn = el("button", { class: "btn btn-small", type: "button" }, "Copy with attribution");
    copyBtn.addEventListener("click", async () => { await copy(attribution(hit)); toast("Quote copied with attribution"); });
    const select = onSelect ? el("input", { type: "checkbox", class: "select-hit", "aria-label": `Select quote by ${hit.speaker}` }) : null;
    if (select) select.addEventListener("change", () => onSelect(hit, select.checked));
    return el("article", { class: "card quote", id: `hit-${hit.sentence_id}` },
      el("div", { class: "quote-head" },
        select,
        el("span", { class: "speaker" }, hit.speaker), role(hit.role),
        who ? el("span", { class: "muted" }, who) : null,
        el("span", { class: "spacer" }), outcome(hit.outcome)),
      el("blockquote", { class: "quote-text" }, html ? marks(html) : hit.quote),
      el("div", { class: "meta-row" },
        el("p", { class: "meta" },
          el("a", { href: callHref(hit.call_id, hit.sentence_id) }, hit.call_title || hit.external_id),
          ` · ${date(hit.call_date)}`, hit.timestamp !== null ? ` · at ${clock(hit.timestamp)}` : "",
          hit.duplicate_count > 1 ? ` · said ${hit.duplicate_count} times` : ""),
        el("span", { class: "spacer" }), copyBtn),
      el("details", { class: "context" },
        el("summary", {}, "Show context"),
        el("ol", { class: "ctx-list" },
          hit.context_before ? contextTurn(hit.context_before, hit, false) : null,
          contextTurn(hit.turn, hit, true),
          hit.context_after ? contextTurn(hit.context_after, hit, false) : null)));
  }

  /** Put URL parameters into a form's fields (tags join with commas). */
  function fillForm(form, params) {
    for (const field of form.elements) {
      if (!field.name || !params.has(field.name)) continue;
      field.value = field.name === "tags" ? params.getAll("tags").join(", ") : params.get(field.name);
    }
  }

  /** A form's non-empty fields as an object (tags split on commas). */
  function formParams(form) {
    const out = {};
    for (const [key, value] of new FormData(form).entries()) {
      if (typeof value !== "string" || !value.trim()) continue;
      out[key] = key === "tags" ? value.split(",").map((t) => t.trim()).filter(Boolean) : value.trim();
    }
    return out;
  }

  /** Options for a <select>, keeping its first ("any") option and the chosen value. */
  function options(select, items, chosen) {
    const first = select.options[0];
    if (chosen && !items.some(([value]) => value === chosen)) items = [...items, [chosen, chosen]];
    select.replaceChildren(first, ...items.map(([value, label]) => el("option", { value }, label)));
    if (chosen) select.value = chosen;
  }

  function download(filename, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el("a", { href: url, download: filename, class: "offscreen" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function meter(label, value, note) {
    return el("div", { class: "meter" },
      el("span", { class: "meter-label" }, label),
      el("span", { class: "meter-bar", role: "meter", "aria-label": label, "aria-valuemin": "0",
        "aria-valuemax": "1", "aria-valuenow": String(value ?? 0) },
        el("span", { style: `width:${Math.round((value || 0) * 100)}%` })),
      el("span", { class: "meter-value" }, note || (value ?? 0).toFixed(2)));
  }

  /** Rep names and segments the objection filters offer (from the public trends view). */
  async function repsAndSegments() {
    const [reps, segments] = await Promise.all([api("/trends", { by: "rep" }), api("/trends", { by: "segment" })]);
    const keys = (series) => series.map((s) => s.key).filter((k) => !["unknown", "untagged"].includes(k));
    return { reps: keys(reps), segments: keys(segments) };
  }

  return { el, query, api, state, loading, failed, empty, date, clock, pct, badge, role, outcome, marks,
    toast, copy, attribution, callHref, quoteCard, fillForm, formParams, options, download, meter,
    repsAndSegments };
})();
