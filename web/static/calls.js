/* Calls: a paginated, filtered list from GET /calls. */
"use strict";
(() => {
  const { el, api, loading, failed, empty } = cs;
  const PAGE = 20;
  const form = document.getElementById("calls-filter");
  const box = document.getElementById("calls");
  const params = new URLSearchParams(location.search);
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  cs.fillForm(form, params);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.search = cs.query(cs.formParams(form));
  });

  const pageHref = (o) => {
    const p = new URLSearchParams(location.search);
    p.set("offset", String(o));
    return `?${p}`;
  };

  function row(c) {
    return el("tr", {},
      el("td", {}, cs.date(c.started_at)),
      el("td", {}, el("a", { href: cs.callHref(c.id) }, c.title || c.external_id), el("div", { class: "muted small" }, c.external_id)),
      el("td", {}, c.account || "–"),
      el("td", {}, cs.outcome(c.outcome)),
      el("td", {}, c.stage || "–"),
      el("td", {}, el("div", { class: "chips" }, ...c.tags.map((t) => el("a", { class: "chip", href: `/ui/calls${cs.query({ tags: t })}` }, t)))),
      el("td", { class: "num" }, c.turn_count));
  }

  async function run() {
    loading(box, "Loading calls…");
    const p = { limit: PAGE, offset, outcome: params.get("outcome"), date_from: params.get("date_from"),
      date_to: params.get("date_to"), tags: params.getAll("tags") };
    let page;
    try {
      page = await api("/calls", p);
    } catch (err) {
      failed(box, err);
      return;
    }
    if (!page.items.length) {
      await empty(box, "No calls match these filters.", el("a", { class: "btn", href: "/ui/calls" }, "Clear filters"));
      return;
    }
    const last = offset + page.items.length;
    document.getElementById("summary").textContent = `Calls ${offset + 1}–${last} of ${page.total}`;
    box.replaceChildren(el("div", { class: "table-wrap" }, el("table", {},
      el("caption", { class: "sr-only" }, "Calls"),
      el("thead", {}, el("tr", {}, ...["Date", "Call", "Account", "Outcome", "Stage", "Tags", "Turns"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...page.items.map(row)))));
    box.setAttribute("aria-busy", "false");
    const pager = document.getElementById("pager");
    pager.hidden = page.total <= PAGE;
    const prev = document.getElementById("prev"), next = document.getElementById("next");
    if (offset > 0) prev.href = pageHref(Math.max(0, offset - PAGE)); else prev.removeAttribute("href");
    if (last < page.total) next.href = pageHref(last); else next.removeAttribute("href");
    prev.setAttribute("aria-disabled", String(offset === 0));
    next.setAttribute("aria-disabled", String(last >= page.total));
    document.getElementById("page-of").textContent = `Page ${Math.floor(offset / PAGE) + 1} of ${Math.ceil(page.total / PAGE)}`;
  }
  run();
})();
