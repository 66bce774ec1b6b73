// The planner page: a market (country + weighted operators), a date and constraints -> POST /v1/plan;
// shows the optimal band set, the trade-off curve (SVG), marginal values and the closest variants.

import { api, ApiError, clear, copyLink, el, loadStamp, pct, query, stateFromUrl, todayIso, writeUrl } from "./api.js";
import { curveChart } from "./chart.js";

const $ = (id) => document.getElementById(id);
const countrySel = $("country");
const onInput = $("on");
const market = $("market");
const out = $("out");
const summary = $("summary");
const results = $("plan-results");

function bandList(text) {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

async function loadCountries() {
  const data = await api("/v1/countries");
  for (const c of data.items) countrySel.append(el("option", { value: c.code }, `${c.name} (${c.code})`));
}

// The market rows on screen as id -> {checked, weight}, so reloading them keeps the user's choices.
function shownMarket() {
  return new Map(
    [...market.querySelectorAll("input[type=checkbox]")].map((box) => [
      box.dataset.op,
      { checked: box.checked, weight: market.querySelector(`input[data-weight="${box.dataset.op}"]`).value },
    ]),
  );
}

// The country's MNOs in service on the chosen date. `saved.ops` (from a shared URL) picks and weights
// them; `shown` (the rows before a date change) wins for operators still listed, and operators the
// new date adds start checked with weight 1.
async function loadMarket(saved = {}, shown = null) {
  const country = countrySel.value;
  const data = country ? await api(`/v1/operators?${query({ country, on: onInput.value, limit: 100 })}`) : null;
  clear(market);
  if (!data) return;
  const picked = saved.ops ? new Map(saved.ops.split(",").map((s) => s.split(":"))) : null;
  data.items
    .filter((op) => op.kind === "MNO")
    .forEach((op, i) => {
      const id = `op-${i}`;
      const before = shown && shown.get(op.id);
      const on = before ? before.checked : picked ? picked.has(op.id) : true;
      const weight = before ? before.weight : picked && picked.has(op.id) ? picked.get(op.id) : "1";
      market.append(
        el(
          "div",
          { class: "market-row" },
          el("input", { type: "checkbox", id, "data-op": op.id, checked: on }),
          el("label", { for: id }, op.name),
          el("input", { type: "number", min: 0, step: "any", value: weight, "aria-label": `${op.name} weight`, "data-weight": op.id }),
        ),
      );
    });
}

function chosenOperators() {
  return [...market.querySelectorAll("input[type=checkbox]")]
    .filter((box) => box.checked)
    .map((box) => {
      const w = market.querySelector(`input[data-weight="${box.dataset.op}"]`);
      return { id: box.dataset.op, weight: Math.max(0, Number(w.value) || 0) };
    });
}

function request() {
  const body = {
    on: onInput.value || undefined,
    must_have: bandList($("must").value),
    forbidden: bandList($("forbidden").value),
    closest: 5,
  };
  const ops = chosenOperators();
  if (ops.length) {
    body.market = ops.map((o) => o.id);
    body.weights = Object.fromEntries(ops.map((o) => [o.id, o.weight]));
  } else {
    body.market = countrySel.value;
  }
  const maxBands = {};
  if ($("max-lte").value !== "") maxBands.lte = Number($("max-lte").value);
  if ($("max-nr").value !== "") maxBands.nr = Number($("max-nr").value);
  body.max_bands = maxBands;
  return body;
}

function saveUrl() {
  writeUrl({
    country: countrySel.value,
    on: onInput.value,
    ops: chosenOperators().map((o) => `${o.id}:${o.weight}`).join(","),
    max_lte: $("max-lte").value,
    max_nr: $("max-nr").value,
    must: $("must").value,
    forbidden: $("forbidden").value,
  });
}

// rows: objects; columns: [[header, row => text], ...]
function table(rows, columns, caption) {
  if (!rows || !rows.length) return null;
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      {},
      el("caption", { class: "sr-only" }, caption),
      el("thead", {}, el("tr", {}, columns.map(([h]) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map((r) => el("tr", {}, columns.map(([, f]) => el("td", {}, f(r)))))),
    ),
  );
}

const list = (xs) => (xs && xs.length ? xs.join(", ") : "—");
const share = (x) => (typeof x === "number" ? `${(x * 100).toFixed(1)}%` : "—");

function render(plan) {
  clear(out);
  const bands = Object.values(plan.bands || {}).flat();
  summary.className = "summary";
  summary.textContent =
    `Optimal set: ${plan.band_count} bands, market score ${pct(plan.score)}` +
    `${plan.proven_optimal ? " (proven optimal)" : ""}. Market: ${plan.market.label}.`;
  out.append(
    el("h3", {}, "Band set"),
    el("ul", { class: "bandset", "aria-label": "bands in the plan" }, bands.map((b) => el("li", {}, b))),
    el("h3", {}, "Trade-off curve"),
    el("p", { class: "help" }, "Best market score reachable with at most k bands; hover a point for its band set."),
    curveChart(plan.curve, { chosen: plan.band_count }),
  );
  const chosen = table(
    plan.chosen,
    [
      ["Band", (c) => c.band],
      ["DL", (c) => c.dl],
      ["Layers", (c) => list(c.layers)],
      ["Operators", (c) => list(c.operators)],
      ["Lost if dropped", (c) => share(c.removal_loss)],
      ["Value (re-solved)", (c) => (c.value === null ? "must-have" : share(c.value))],
      ["Replaced by", (c) => list(c.replaced_by)],
    ],
    "What each band buys",
  );
  if (chosen) out.append(el("h3", {}, "What each band buys"), chosen);
  const networks = table(
    plan.networks,
    [
      ["Network", (n) => n.name],
      ["Weight", (n) => share(n.weight)],
      ["Score", (n) => share(n.score)],
      ["Verdict", (n) => n.status],
      ["Voice", (n) => n.voice],
    ],
    "Per network",
  );
  if (networks) out.append(el("h3", {}, "Per network"), networks);
  const closest = table(
    plan.closest,
    [
      ["Variant", (v) => v.name],
      ["Score", (v) => share(v.score)],
      ["Lacks", (v) => list(v.lacks)],
    ],
    "Closest existing variants",
  );
  if (closest) out.append(el("h3", {}, "Closest existing variants"), closest);
  results.setAttribute("aria-busy", "false");
}

async function run() {
  saveUrl();
  if (!countrySel.value) return;
  results.setAttribute("aria-busy", "true");
  summary.className = "summary";
  summary.textContent = "Planning…";
  clear(out);
  try {
    render(await api("/v1/plan", { json: request() }));
  } catch (err) {
    results.setAttribute("aria-busy", "false");
    summary.className = "summary error";
    summary.textContent = err instanceof ApiError ? `Error: ${err.explanation}` : `Error: ${err}`;
  }
}

countrySel.addEventListener("change", async () => {
  await loadMarket();
  saveUrl();
});
// Operators start and stop (Sprint until 2022-06-30, Boost Mobile as an MNO from 2020-07-01): the market
// follows the date.
onInput.addEventListener("change", async () => {
  if (!onInput.value) onInput.value = todayIso();
  await loadMarket({}, shownMarket());
  saveUrl();
});
$("plan-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (!countrySel.value) {
    summary.className = "summary error";
    summary.textContent = "Choose a country.";
    clear(out);
    countrySel.focus();
    return;
  }
  await run();
  results.focus();
});
$("share").addEventListener("click", () => copyLink($("share-note")));

async function restore() {
  const saved = stateFromUrl();
  onInput.value = saved.on || todayIso();
  if (!onInput.value) onInput.value = todayIso(); // the date input refuses 2022-02-30 and the like
  $("max-lte").value = saved.max_lte || "";
  $("max-nr").value = saved.max_nr || "";
  $("must").value = saved.must || "";
  $("forbidden").value = saved.forbidden || "";
  await loadCountries();
  if (saved.country) {
    countrySel.value = saved.country.toUpperCase();
    await loadMarket(saved);
    run();
  }
}

loadStamp($("stamp"));
restore().catch((err) => {
  summary.className = "summary error";
  summary.textContent = `Error: ${err.explanation || err}`;
});
