// The check page: device search with suggestions, variant / country / operator / date pickers,
// verdict cards with spectrum charts, and shareable URLs (?device=&variant=&country=&operator=&on=).

import { api, ApiError, clear, copyLink, debounce, el, loadStamp, pct, query, stateFromUrl, todayIso, writeUrl } from "./api.js";
import { spectrumChart } from "./chart.js";

const $ = (id) => document.getElementById(id);
const input = $("device");
const list = $("device-list");
const variantSel = $("variant");
const countrySel = $("country");
const operatorSel = $("operator");
const onInput = $("on");
const mvnos = $("mvnos");
const results = $("results");
const summary = $("summary");
const notes = $("notes");
const cards = $("cards");

const state = {
  device: null, // /v1/devices/{id} payload
  variantPinned: false, // picked by the user, a model number or the URL; else it follows the country
  hits: [],
  active: -1,
  searchSeq: 0,
  runSeq: 0,
  operatorSeq: 0,
  operators: new Map(), // id -> summary (current country)
  networks: new Map(), // `${id}@${date}` -> Promise(operator detail)
  last: null, // {check, device} for re-render on resize
};

const STATUS_CLASS = {
  works: "works",
  "works with gaps": "gaps",
  limited: "limited",
  "no service": "none",
  unknown: "unknown",
};

// ---------------------------------------------------------------- device combobox
function openList(open) {
  list.hidden = !open;
  input.setAttribute("aria-expanded", open ? "true" : "false");
  if (!open) {
    state.active = -1;
    input.removeAttribute("aria-activedescendant");
  }
}

function hitLabel(hit) {
  const pinned = hit.match && hit.match.variant_id ? hit.variants.find((v) => v.id === hit.match.variant_id) : null;
  if (pinned) return [hit.full_name, `${pinned.name} — ${pinned.model_numbers.join(", ")}`];
  const n = hit.variants.length;
  return [hit.full_name, n === 1 ? hit.variants[0].model_numbers.join(", ") || "1 variant" : `${n} variants`];
}

function renderHits() {
  clear(list);
  state.hits.forEach((hit, i) => {
    const [name, sub] = hitLabel(hit);
    const li = el(
      "li",
      { id: `device-opt-${i}`, role: "option", "aria-selected": i === state.active ? "true" : "false", "data-id": hit.id },
      el("span", { class: "opt-name" }, name),
      el("span", { class: "opt-sub" }, sub),
    );
    li.addEventListener("mousedown", (ev) => {
      ev.preventDefault(); // keep focus in the input
      chooseHit(i);
    });
    list.append(li);
  });
  openList(state.hits.length > 0);
  if (!state.hits.length && input.value.trim().length >= 2) {
    list.append(el("li", { class: "opt-empty", role: "option", "aria-disabled": "true" }, "No matching device"));
    openList(true);
  }
}

function setActive(i) {
  state.active = i;
  [...list.querySelectorAll("[role=option]")].forEach((li, j) => li.setAttribute("aria-selected", j === i ? "true" : "false"));
  if (i >= 0) {
    input.setAttribute("aria-activedescendant", `device-opt-${i}`);
    const li = $(`device-opt-${i}`);
    if (li) li.scrollIntoView({ block: "nearest" });
  } else {
    input.removeAttribute("aria-activedescendant");
  }
}

const search = debounce(async () => {
  const text = input.value.trim();
  const seq = ++state.searchSeq;
  if (text.length < 2) {
    state.hits = [];
    openList(false);
    return;
  }
  try {
    const page = await api(`/v1/devices?${query({ q: text, limit: 8 })}`);
    if (seq !== state.searchSeq) return; // a newer keystroke won
    state.hits = page.items;
    state.active = -1;
    renderHits();
  } catch (err) {
    if (seq === state.searchSeq) showError(err);
  }
}, 120);

async function chooseHit(i) {
  const hit = state.hits[i];
  if (!hit) return;
  openList(false);
  input.value = hit.full_name;
  await loadDevice(hit.id, hit.match && hit.match.variant_id);
  run();
}

input.addEventListener("input", () => {
  state.device = null;
  search();
});
input.addEventListener("keydown", (ev) => {
  const n = state.hits.length;
  if (ev.key === "ArrowDown" && n) {
    ev.preventDefault();
    if (list.hidden) openList(true);
    setActive((state.active + 1) % n);
  } else if (ev.key === "ArrowUp" && n) {
    ev.preventDefault();
    setActive(state.active <= 0 ? n - 1 : state.active - 1);
  } else if (ev.key === "Enter") {
    if (!list.hidden && n) {
      ev.preventDefault();
      chooseHit(state.active >= 0 ? state.active : 0);
    }
  } else if (ev.key === "Escape") {
    openList(false);
  }
});
input.addEventListener("blur", () => setTimeout(() => openList(false), 150));

// ---------------------------------------------------------------- pickers
function variantLabel(v) {
  const numbers = v.model_numbers.length ? v.model_numbers.join(", ") : "no model numbers listed";
  return `${v.name} — ${numbers}`;
}

// The variant a device name means in a country, by the rule of bandfit.catalog.query.pick_variant
// (what /v1/check and `bandfit check` apply to a name): the only variant, else the single one sold
// in the country, else the single global one. Without it, "iPhone 15" in the US was checked as
// the rest-of-world A3090 while the API and the CLI answer for the US model, A2846.
function marketVariant(device, country) {
  const vs = device.variants;
  const local = vs.filter((v) => v.markets.includes(country));
  const global = vs.filter((v) => v.markets.includes("global"));
  if (vs.length === 1) return vs[0];
  if (country && local.length === 1) return local[0];
  if (global.length === 1) return global[0];
  return vs[0]; // the API would call the name ambiguous: show the first and let the user pick
}

function followCountry() {
  if (state.device && !state.variantPinned) variantSel.value = marketVariant(state.device, countrySel.value).id;
}

async function loadDevice(id, preferVariant) {
  // One encoded path segment (the API decodes %2F back into the id's slash): encoding each part
  // left "..", so ?device=../../v1/health fetched another route and the page broke on its JSON.
  const device = await api(`/v1/devices/${encodeURIComponent(id)}`);
  state.device = device;
  input.value = device.full_name;
  clear(variantSel);
  for (const v of device.variants) variantSel.append(el("option", { value: v.id }, variantLabel(v)));
  const pinned = device.variants.find((v) => v.id === preferVariant);
  state.variantPinned = Boolean(pinned);
  variantSel.value = (pinned || marketVariant(device, countrySel.value)).id;
  variantSel.disabled = false;
}

async function loadCountries() {
  const data = await api("/v1/countries");
  for (const c of data.items) countrySel.append(el("option", { value: c.code }, `${c.name} (${c.code})`));
}

async function loadOperators(preferOperator) {
  const country = countrySel.value;
  const seq = ++state.operatorSeq;
  const data = country ? await api(`/v1/operators?${query({ country, on: onInput.value, limit: 100 })}`) : null;
  if (seq !== state.operatorSeq) return; // the country changed again meanwhile
  const keep = preferOperator === undefined ? operatorSel.value : preferOperator;
  clear(operatorSel);
  operatorSel.append(el("option", { value: "" }, "All operators (ranked)"));
  state.operators = new Map();
  operatorSel.disabled = !data;
  if (!data) return;
  for (const op of data.items) {
    state.operators.set(op.id, op);
    operatorSel.append(el("option", { value: op.id }, `${op.name}${op.kind === "MVNO" ? " (MVNO)" : ""}`));
  }
  if (keep && state.operators.has(keep)) operatorSel.value = keep;
}

function currentParams() {
  return {
    device: state.device ? state.device.id : "",
    variant: state.device ? variantSel.value : "",
    country: countrySel.value,
    operator: operatorSel.value,
    on: onInput.value,
    mvnos: mvnos.checked ? "1" : "",
  };
}

// ---------------------------------------------------------------- results
function showError(err) {
  showProblem(err instanceof ApiError ? `Error: ${err.explanation}` : `Error: ${err}`);
}

// A problem with the form itself: said in the results (older cards would answer another question)
// and the control to fix focused.
function showProblem(text, control = null) {
  results.setAttribute("aria-busy", "false");
  clear(cards);
  clear(notes);
  summary.className = "summary error";
  summary.textContent = text;
  if (control) control.focus();
}

function network(id, on) {
  const key = `${id}@${on}`;
  if (!state.networks.has(key)) {
    state.networks.set(key, api(`/v1/operators/${id}?${query({ on })}`));
  }
  return state.networks.get(key);
}

function chartWidth() {
  // Cards are one per row; the chart spans the card (minus its padding).
  return Math.max(320, Math.min(900, Math.round((cards.clientWidth || 720) - 34)));
}

function line(label, value) {
  return el("div", { class: "kv" }, el("dt", {}, label), el("dd", {}, value));
}

function card(verdict, check, index, variant) {
  const ops = check.operators;
  const op = ops[verdict.operator_id] || { name: verdict.operator_id, kind: "" };
  const host = verdict.network_id !== verdict.operator_id ? ops[verdict.network_id] : null;
  const cls = STATUS_CLASS[verdict.status] || "unknown";
  const headingId = `card-${index}-h`;
  const article = el("article", {
    class: `card status-${cls}`,
    "data-operator": verdict.operator_id,
    "data-status": verdict.status,
    "aria-labelledby": headingId,
  });
  const voice = verdict.voice;
  const voiceText = `${voice.status}${voice.via ? ` via ${voice.via.toUpperCase()}` : ""}${voice.note ? ` — ${voice.note}` : ""}`;
  const adm = verdict.admission;
  article.append(
    el(
      "header",
      { class: "card-head" },
      el("h3", { id: headingId }, op.name),
      el("span", { class: `badge badge-${cls}` }, verdict.status),
    ),
    host ? el("p", { class: "host" }, hostText(verdict, host)) : "",
    el(
      "dl",
      { class: "facts" },
      line(
        "Radio score",
        el("span", {}, el("meter", { min: 0, max: 1, value: verdict.radio_score, "aria-label": "radio score" }), ` ${pct(verdict.radio_score)}`),
      ),
      line("Voice", voiceText),
      line("Admission", `${adm.status}${adm.note ? ` — ${adm.note}` : ""}`),
    ),
  );
  if (verdict.missing.length) {
    article.append(
      el("h4", {}, "Missing bands"),
      el(
        "ul",
        { class: "missing" },
        verdict.missing.map((m) =>
          el(
            "li",
            { "data-bands": m.bands.join(" ") },
            el("strong", {}, m.label),
            ` · ${m.layer} · −${pct(m.cost)}`,
            el("span", { class: "msg" }, m.message.replace(/^no [^:]+: /, "")),
          ),
        ),
      ),
    );
  } else {
    article.append(el("p", { class: "ok" }, "No missing bands on this network."));
  }
  const reasons = el(
    "details",
    { class: "reasons" },
    el("summary", {}, `Why (${verdict.reasons.length} reasons)`),
    el(
      "ul",
      {},
      verdict.reasons.map((r) => el("li", { class: `sev-${r.severity}` }, el("code", {}, r.code), " ", r.message)),
    ),
  );
  const figure = el("figure", { class: "chart" }, el("figcaption", {}, `Spectrum on ${host ? host.name : op.name} (DL, MHz)`));
  article.append(figure, reasons);
  network(verdict.network_id, verdict.on)
    .then((net) => {
      figure.append(
        spectrumChart({
          verdict,
          network: net,
          deviceBands: variant ? variant.band_ranges : [],
          width: chartWidth(),
          title: `${op.name}: live spectrum vs this phone's bands`,
        }),
        legend(),
      );
    })
    .catch((err) => figure.append(el("p", { class: "error" }, err.explanation || String(err))));
  return article;
}

function hostText(verdict, host) {
  const used = (verdict.hosts || []).find((h) => h.used);
  return `Evaluated on ${host.name}'s network${used ? ` (${used.role} host)` : ""}`;
}

function legend() {
  return el(
    "ul",
    { class: "legend", "aria-hidden": "true" },
    el("li", {}, el("span", { class: "sw sw-used" }), "usable"),
    el("li", {}, el("span", { class: "sw sw-missing" }), "missing"),
    el("li", {}, el("span", { class: "sw sw-other" }), "not usable / unknown"),
    el("li", {}, el("span", { class: "sw sw-phone" }), "this phone"),
  );
}

function render(check) {
  const variant = state.device && state.device.variants.find((v) => v.id === check.device.variant_id);
  const where = check.country ? countrySel.selectedOptions[0].textContent : (check.operators[check.operator] || {}).name;
  const counts = {};
  for (const v of check.verdicts) counts[v.status] = (counts[v.status] || 0) + 1;
  const countText = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ");
  summary.className = "summary";
  summary.textContent =
    `${check.device.name} · ${check.device.variant_name} (${check.device.model_numbers.join(", ") || "no model numbers"}) ` +
    `on ${where} as of ${check.on}: ${check.verdicts.length} operator${check.verdicts.length === 1 ? "" : "s"} — ${countText}.`;
  clear(notes);
  for (const n of check.device.notes) notes.append(el("p", { class: "note" }, n));
  clear(cards);
  check.verdicts.forEach((v, i) => cards.append(card(v, check, i, variant)));
  results.setAttribute("aria-busy", "false");
}

async function run() {
  const p = currentParams();
  writeUrl({ ...p, variant: state.variantPinned ? p.variant : "" }); // else the link follows the country
  if (!p.device || !p.variant || !p.country) return;
  const seq = ++state.runSeq;
  results.setAttribute("aria-busy", "true");
  summary.className = "summary";
  summary.textContent = "Checking…";
  const params = { device: p.device, variant: p.variant, on: p.on };
  if (p.operator) params.operator = p.operator;
  else {
    params.country = p.country;
    params.include_mvnos = p.mvnos ? "true" : "false";
  }
  try {
    const check = await api(`/v1/check?${query(params)}`);
    if (seq !== state.runSeq) return;
    state.last = check;
    render(check);
  } catch (err) {
    if (seq === state.runSeq) showError(err);
  }
}

// ---------------------------------------------------------------- wiring
variantSel.addEventListener("change", () => {
  state.variantPinned = true;
  run();
});
countrySel.addEventListener("change", async () => {
  await loadOperators("");
  followCountry();
  run();
});
operatorSel.addEventListener("change", run);
mvnos.addEventListener("change", run);
onInput.addEventListener("change", async () => {
  if (!onInput.value) onInput.value = todayIso();
  await loadOperators(); // keeps the chosen operator if it is still in service
  run();
});
$("check-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = input.value.trim();
  if (!state.device && text) {
    // Enter without picking: resolve the text through the search API and take the best hit.
    try {
      const page = await api(`/v1/devices?${query({ q: text, limit: 1 })}`);
      const hit = page.items[0];
      if (!hit) {
        showProblem(`No device matches “${text}”. Type a name or a model number and pick a suggestion.`, input);
        return;
      }
      await loadDevice(hit.id, hit.match && hit.match.variant_id);
    } catch (err) {
      showError(err);
      return;
    }
  }
  if (!state.device) {
    showProblem("Type a device: a name or a model number.", input);
    return;
  }
  if (!countrySel.value) {
    showProblem("Choose a country.", countrySel);
    return;
  }
  await run();
  results.focus();
});
$("share").addEventListener("click", () => copyLink($("share-note")));
window.addEventListener(
  "resize",
  debounce(() => {
    if (state.last) render(state.last);
  }, 250),
);

async function restore() {
  const saved = stateFromUrl();
  onInput.value = saved.on || todayIso();
  if (!onInput.value) onInput.value = todayIso(); // the date input refuses 2022-02-30 and the like
  mvnos.checked = saved.mvnos === "1";
  await loadCountries();
  if (saved.country) {
    countrySel.value = saved.country.toUpperCase();
    await loadOperators(saved.operator);
  }
  if (saved.device) {
    try {
      await loadDevice(saved.device, saved.variant);
    } catch (err) {
      showError(err);
      return;
    }
  }
  run();
}

loadStamp($("stamp"));
restore().catch(showError);
