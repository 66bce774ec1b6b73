// Shared helpers for the bandfit pages: JSON API calls, DOM/SVG builders, URL state.
// No dependencies and no network access beyond this origin.

export class ApiError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {};
    super(err.message || `HTTP ${status}`);
    this.status = status;
    this.code = err.code || "http-error";
    this.details = err.details || {};
  }

  // Human text including the hint / suggestions / candidates the API sends.
  get explanation() {
    const d = this.details;
    const extra = [];
    if (d.hint) extra.push(d.hint);
    else if (d.suggestions && d.suggestions.length) extra.push(`did you mean ${d.suggestions.join(", ")}?`);
    else if (d.candidates && d.candidates.length) extra.push(`candidates: ${d.candidates.join(", ")}`);
    return extra.length ? `${this.message} (${extra.join("; ")})` : this.message;
  }
}

export async function api(path, options = {}) {
  const init = { headers: { Accept: "application/json" }, ...options };
  if (options.json !== undefined) {
    init.method = init.method || "POST";
    init.body = JSON.stringify(options.json);
    init.headers = { ...init.headers, "Content-Type": "application/json" };
    delete init.json;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new ApiError(0, { error: { code: "network-error", message: `cannot reach the server (${cause})` } });
  }
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "" && value !== false) q.set(key, String(value));
  }
  return q.toString();
}

// el("p", {class: "x", onclick: fn}, "text", child...)
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  return fill(node, attrs, children);
}

export const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  return fill(node, attrs, children);
}

function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function todayIso() {
  return new Date().toISOString().slice(0, 10);
}

export function pct(x) {
  return `${Math.round(x * 100)}%`;
}

export function mhz(value) {
  if (value >= 10000) return `${+(value / 1000).toFixed(2)} GHz`;
  return `${+value.toFixed(1)} MHz`;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export function stateFromUrl() {
  return Object.fromEntries(new URLSearchParams(window.location.search));
}

export function writeUrl(params) {
  const q = query(params);
  const url = q ? `${window.location.pathname}?${q}` : window.location.pathname;
  if (url !== window.location.pathname + window.location.search) window.history.replaceState(null, "", url);
}

export async function loadStamp(node) {
  try {
    const h = await api("/v1/health");
    const c = h.catalog;
    node.textContent = `bandfit ${h.version} · catalog ${c.version} · ${c.counts.devices} devices, ` +
      `${c.counts.operators} operators in ${c.counts.countries} countries · 3GPP ${c.band_release}`;
  } catch (_) {
    node.textContent = "";
  }
}

export async function copyLink(note) {
  const url = window.location.href;
  try {
    await navigator.clipboard.writeText(url);
    note.textContent = "Link copied.";
  } catch (_) {
    note.textContent = url;
  }
}
