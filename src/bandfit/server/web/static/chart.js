// Inline-SVG charts drawn in the browser from API JSON:
//  * spectrumChart: an operator's live deployments (by layer) against a phone's bands, gaps marked;
//  * curveChart: the planner's trade-off curve (number of bands vs score).
// Hover text uses <title> elements; the data also stays in the cards as text for screen readers.

import { mhz, svg } from "./api.js";

const LAYERS = [
  ["coverage", "Coverage"],
  ["capacity", "Capacity"],
  ["supplemental", "Suppl. DL"],
  ["boost", "mmWave"],
];
const STATE_TEXT = {
  used: "usable by this phone",
  missing: "MISSING: this phone cannot use it",
  other: "supported but not usable (needs an anchor / SA) or unknown",
};
const ROW = 18; // height of one bar row
const GAP = 6; // vertical gap between lanes
const BREAK = 14; // horizontal gap between axis segments
const LABEL_W = 78; // left column with lane names (wide charts)
const COMPACT = 520; // narrower charts put lane names above their lane instead
const CAPTION_H = 13;
const MIN_SEG = 30; // narrowest axis segment, px

let chartSeq = 0;

function range(item) {
  return item.dl_mhz || item.ul_mhz || null;
}

// One axis segment per block of spectrum in use (overlapping or touching deployments merge), so a
// 10 MHz coverage block stays as readable as a 300 MHz C-band block; gaps between segments are
// compressed into a break mark. The axis is therefore piecewise linear, labelled per segment.
function segments(intervals) {
  const sorted = intervals.filter(Boolean).map((r) => [r[0], r[1]]).sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] * 1.01) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out.map(([lo, hi]) => {
    const pad = Math.max((hi - lo) * 0.06, lo * 0.002);
    return [lo - pad, hi + pad];
  });
}

function makeAxis(segs, x0, width) {
  const weights = segs.map(([lo, hi]) => 1 + 4 * Math.log(hi / lo));
  const total = weights.reduce((a, b) => a + b, 0);
  const usable = width - BREAK * Math.max(0, segs.length - 1);
  // Every segment at least MIN_SEG wide (room for a band label); the others share the rest.
  let widths = weights.map((w) => (usable * w) / total);
  const small = widths.map((w) => w < MIN_SEG);
  const fixed = small.filter(Boolean).length * MIN_SEG;
  const restWeight = weights.reduce((a, w, i) => a + (small[i] ? 0 : w), 0);
  if (fixed < usable && restWeight > 0) {
    widths = weights.map((w, i) => (small[i] ? MIN_SEG : ((usable - fixed) * w) / restWeight));
  }
  let x = x0;
  const placed = segs.map(([lo, hi], i) => {
    const w = widths[i];
    const seg = { lo, hi, x, w };
    x += w + BREAK;
    return seg;
  });
  const at = (s, f) => s.x + ((f - s.lo) / (s.hi - s.lo)) * s.w;
  // Pixel spans of [lo, hi] in every segment it overlaps.
  const spans = (lo, hi) => {
    const out = [];
    for (const s of placed) {
      const a = Math.max(lo, s.lo);
      const b = Math.min(hi, s.hi);
      if (a < b) out.push([at(s, a), at(s, b)]);
    }
    return out;
  };
  return { placed, spans };
}

function segmentLabel(s) {
  const lo = s.lo < 10000 ? Math.round(s.lo) : +(s.lo / 1000).toFixed(2);
  const hi = s.hi < 10000 ? Math.round(s.hi) : +(s.hi / 1000).toFixed(2);
  return s.hi < 10000 ? `${lo}–${hi}` : `${lo}–${hi} GHz`;
}

// Greedy packing of bars into rows so overlapping spectrum (B12/B17, B71/n71) stays visible.
function pack(items) {
  const rows = [];
  for (const item of items.sort((a, b) => a.x1 - b.x1)) {
    let row = rows.findIndex((end) => end <= item.x1 + 0.5);
    if (row < 0) {
      rows.push(0);
      row = rows.length - 1;
    }
    rows[row] = item.x2 + 2;
    item.row = row;
  }
  return Math.max(1, rows.length);
}

function stateOf(verdict, dep) {
  const detail = (verdict.per_rat || []).find((r) => r.rat === dep.rat);
  if (!detail) return "other";
  if (detail.used_bands.includes(dep.band)) return "used";
  if (detail.missing_bands.includes(dep.band)) return "missing";
  return "other";
}

function missingMessage(verdict, band) {
  const m = (verdict.missing || []).find((x) => x.bands.includes(band));
  return m ? m.message : "";
}

function bar(item, y, cls, data, title) {
  const w = Math.max(2, item.x2 - item.x1);
  const g = svg("g", { class: cls, ...data });
  g.append(
    svg("rect", { x: item.x1.toFixed(1), y, width: w.toFixed(1), height: ROW - 3, rx: 2 }),
    svg("title", { text: title }),
  );
  if (w >= item.label.length * 6.2 + 4) {
    g.append(svg("text", { x: (item.x1 + w / 2).toFixed(1), y: y + ROW - 7, "text-anchor": "middle", text: item.label }));
  }
  return g;
}

// A lane's background and name: a left column on wide charts, a caption row on narrow ones.
function laneBackground(y, laneH, width, compact, cls, label) {
  if (compact) {
    return [
      svg("rect", { x: 0, y: y - 2, width, height: laneH + CAPTION_H + 2, class: cls }),
      svg("text", { x: 4, y: y + 8, class: "lane-label", text: label }),
    ];
  }
  return [
    svg("rect", { x: 0, y: y - 2, width, height: laneH + 2, class: cls }),
    svg("text", { x: 4, y: y + laneH / 2 + 4, class: "lane-label", text: label }),
  ];
}

/**
 * Draw the spectrum chart for one verdict.
 * @param {object} opts
 * @param {object} opts.verdict   a verdict (Verdict.to_dict()) from /v1/check
 * @param {object} opts.network   /v1/operators/{network_id}?on=... (live_deployments with MHz ranges)
 * @param {Array}  opts.deviceBands  variant.band_ranges from /v1/devices/{id}
 * @param {number} opts.width     drawing width in px
 */
export function spectrumChart({ verdict, network, deviceBands, width = 720, title = "" }) {
  const id = `chart-${++chartSeq}`;
  const deps = (network.live_deployments || []).filter((d) => range(d));
  const compact = width < COMPACT;
  const plotX = compact ? 4 : LABEL_W;
  const plotW = compact ? width - 8 : Math.max(160, width - LABEL_W - 8);
  const root = svg("svg", {
    class: "spectrum",
    viewBox: `0 0 ${width} 100`,
    width: "100%",
    role: "img",
    "aria-labelledby": `${id}-t ${id}-d`,
    "data-operator": verdict.operator_id,
    "data-network": verdict.network_id,
  });
  const missing = deps.filter((d) => stateOf(verdict, d) === "missing").map((d) => d.band);
  root.append(
    svg("title", { id: `${id}-t`, text: title || `Spectrum of ${network.name}` }),
    svg("desc", {
      id: `${id}-d`,
      text: deps.length
        ? `${deps.length} live deployments; missing on this phone: ${missing.length ? [...new Set(missing)].join(", ") : "none"}.`
        : "No live deployment data for this network on this date.",
    }),
    svg(
      "defs",
      {},
      svg(
        "pattern",
        { id: `${id}-hatch`, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
        svg("rect", { width: 6, height: 6, class: "hatch-bg" }),
        svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" }),
      ),
    ),
  );
  if (!deps.length) {
    root.setAttribute("viewBox", `0 0 ${width} 30`);
    root.append(svg("text", { x: 8, y: 20, class: "axis-label", text: "No live deployments on this date." }));
    return root;
  }

  const segs = segments(deps.map(range));
  const axis = makeAxis(segs, plotX, plotW);
  let y = 4;

  // Operator lanes, one per layer present.
  for (const [layer, label] of LAYERS) {
    const items = deps
      .filter((d) => d.layer === layer)
      .flatMap((d) => {
        const [lo, hi] = range(d);
        return axis.spans(lo, hi).map(([x1, x2]) => ({ dep: d, lo, hi, x1, x2, label: d.band }));
      });
    if (!items.length) continue;
    const rows = pack(items);
    const laneH = rows * ROW;
    root.append(
      ...laneBackground(y, laneH, width, compact, "lane", label),
    );
    if (compact) y += CAPTION_H;
    for (const it of items) {
      const state = stateOf(verdict, it.dep);
      const why = state === "missing" ? ` — ${missingMessage(verdict, it.dep.band)}` : "";
      const text =
        `${it.dep.band} (${it.dep.generation} ${layer}) ${+it.lo.toFixed(1)}–${+it.hi.toFixed(1)} MHz ` +
        `${it.dep.dl_mhz ? "DL" : "UL"}: ${STATE_TEXT[state]}${why}`;
      const g = bar(
        it,
        y + it.row * ROW,
        `dep dep-${state}`,
        { "data-band": it.dep.band, "data-state": state, "data-layer": layer },
        text,
      );
      if (state === "missing") g.querySelector("rect").setAttribute("fill", `url(#${id}-hatch)`);
      root.append(g);
    }
    y += laneH + GAP;
  }

  // The phone's bands that fall inside the drawn spectrum.
  const phone = (deviceBands || [])
    .flatMap((b) => {
      const r = range(b);
      if (!r) return [];
      return axis
        .spans(r[0], r[1])
        .filter(([x1, x2]) => x2 - x1 >= 4) // drop slivers where a band only grazes a segment's padding
        .map(([x1, x2]) => ({ band: b, x1, x2, label: b.id, lo: r[0], hi: r[1] }));
    });
  if (phone.length) {
    const rows = pack(phone);
    const laneH = rows * ROW;
    root.append(
      ...laneBackground(y, laneH, width, compact, "lane lane-phone", "This phone"),
    );
    if (compact) y += CAPTION_H;
    for (const it of phone) {
      const text = `${it.band.id} (${it.band.rat.toUpperCase()}) ${+it.lo.toFixed(1)}–${+it.hi.toFixed(1)} MHz DL — supported by this phone`;
      root.append(bar(it, y + it.row * ROW, "phone-band", { "data-band": it.band.id }, text));
    }
    y += laneH + GAP;
  }

  // Axis: one labelled span per segment, break marks between segments.
  const axisY = y + 2;
  for (const s of axis.placed) {
    const label = segmentLabel(s);
    root.append(
      svg("line", { x1: s.x, y1: axisY, x2: s.x + s.w, y2: axisY, class: "axis" }),
      svg("line", { x1: s.x, y1: axisY - 3, x2: s.x, y2: axisY + 3, class: "axis" }),
      svg("line", { x1: s.x + s.w, y1: axisY - 3, x2: s.x + s.w, y2: axisY + 3, class: "axis" }),
    );
    const fits = label.length * 5.6 <= s.w - 2;
    root.append(
      svg("text", {
        x: s.x + s.w / 2,
        y: axisY + 13,
        "text-anchor": "middle",
        class: "axis-label",
        text: fits ? label : label.split("–")[0],
      }),
    );
  }
  for (const s of axis.placed.slice(1)) {
    const bx = s.x - BREAK / 2;
    root.append(svg("path", { d: `M${bx - 4},${axisY + 4} l4,-8 M${bx},${axisY + 4} l4,-8`, class: "axis-break" }));
  }
  const height = axisY + 20;
  root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  return root;
}

/**
 * The planner's trade-off curve: x = number of bands, y = score (0..1).
 * Points are the planner's CurvePoint.to_dict(): {k, bands: [...], score, ...}.
 */
export function curveChart(points, { width = 640, height = 280, chosen = null } = {}) {
  const pts = (points || [])
    .map((p) => {
      const n = p.k ?? (Array.isArray(p.bands) ? p.bands.length : p.bands);
      const set = Array.isArray(p.bands) ? p.bands : p.band_set || [];
      return { n: Number(n), score: Number(p.score), set };
    })
    .filter((p) => Number.isFinite(p.n) && Number.isFinite(p.score))
    .sort((a, b) => a.n - b.n);
  const root = svg("svg", { class: "curve", viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": "Trade-off curve: bands versus score" });
  root.append(svg("title", { text: "Trade-off curve: number of bands vs score" }));
  if (!pts.length) return root;
  const m = { l: 44, r: 12, t: 12, b: 34 };
  const maxN = Math.max(...pts.map((p) => p.n), 1);
  const minN = Math.min(...pts.map((p) => p.n), 0);
  const sx = (n) => m.l + ((n - minN) / Math.max(1, maxN - minN)) * (width - m.l - m.r);
  const sy = (s) => height - m.b - Math.max(0, Math.min(1, s)) * (height - m.t - m.b);
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    root.append(
      svg("line", { x1: m.l, x2: width - m.r, y1: sy(tick), y2: sy(tick), class: "grid" }),
      svg("text", { x: m.l - 6, y: sy(tick) + 4, "text-anchor": "end", class: "axis-label", text: `${tick * 100}%` }),
    );
  }
  const step = Math.max(1, Math.ceil((maxN - minN) / 12));
  for (let n = minN; n <= maxN; n += step) {
    root.append(svg("text", { x: sx(n), y: height - m.b + 16, "text-anchor": "middle", class: "axis-label", text: n }));
  }
  root.append(
    svg("text", { x: (m.l + width - m.r) / 2, y: height - 4, "text-anchor": "middle", class: "axis-label", text: "bands in the set" }),
    svg("polyline", { points: pts.map((p) => `${sx(p.n).toFixed(1)},${sy(p.score).toFixed(1)}`).join(" "), class: "curve-line" }),
  );
  for (const p of pts) {
    const isChosen = chosen !== null && p.n === chosen;
    root.append(
      svg(
        "circle",
        { cx: sx(p.n).toFixed(1), cy: sy(p.score).toFixed(1), r: isChosen ? 6 : 4, class: isChosen ? "curve-pt chosen" : "curve-pt", "data-n": p.n },
        svg("title", { text: `${p.n} bands → ${(p.score * 100).toFixed(1)}%${p.set.length ? `: ${p.set.join(", ")}` : ""}` }),
      ),
    );
  }
  return root;
}
