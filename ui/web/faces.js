// Faces: the conv decoders in the page (sliders, a morph between two faces, new random faces).

import { el, fill, fmt, paintImage } from "./draw.js";
import { DEBUG, decode, encode, f32, timing } from "./runtime.js";

export class Faces {
  constructor(root, inst) {
    this.root = root;
    this.inst = inst;
  }

  build() {
    const d = this.inst.data;
    this.root.replaceChildren();
    if (d.part === "sliders") this.buildSliders();
    if (d.part === "interp") this.buildInterp();
    if (d.part === "draws") this.buildDraws();
    if (d.part === "named") this.buildNamed();
    this.posters();
  }

  posters() {
    // what the server drew for the first view (d.poster, PNG data URLs of our own pixels), shown at once; the
    // browser's models draw the same over it when they are loaded, and from then on follow the controls
    const d = this.inst.data,
      p = d.poster;
    if (!p) return;
    if (d.part === "draws") for (const m of d.models) poster(this.grids[m.id], p[m.id], d.part);
    if (d.part === "interp")
      for (const m of d.models) {
        poster(this.strips[m.id].strip, p[m.id]?.strip, d.part);
        poster(this.strips[m.id].morph, p[m.id]?.morph, d.part);
      }
    if (d.part === "named") for (const m of this.named) poster(this.namedFaces[m.id], p[m.id], d.part);
    if (d.part === "sliders") poster(this.face, p, d.part);
  }

  buildNamed() {
    // named directions (smile, hair, glasses...): one slider each moves every model's code along its own vector
    // of that attribute, z = z0 + sum_k a_k v_k, and the three decoders draw the same face side by side
    const d = this.inst.data;
    this.alpha = new Float32Array(d.attributes.length);
    this.named = d.models.map((m) => ({ ...m, z0: f32(m.base), v: f32(m.vectors) }));
    this.namedFaces = {};
    const box = el("div", { class: "sliders" });
    d.attributes.forEach((a, k) => {
      const input = el("input", {
        type: "range",
        min: String(d.min),
        max: String(d.max),
        step: "0.05",
        value: "0",
        "data-attribute": a.id,
        "aria-label": a.label,
      });
      const val = el("span", { class: "val", text: fmt(this.inst, 0, 2) });
      input.addEventListener("input", () => {
        this.alpha[k] = parseFloat(input.value);
        this.moved = k;
        val.textContent = fmt(this.inst, this.alpha[k], 2);
        this.want();
      });
      box.append(el("label", { class: "slider" }, el("span", { text: a.label }), input, val));
    });
    const row = el("div", { class: "faces-named" });
    this.judgeCaps = {};
    this.baseProbs = {};
    this.moved = 0;
    for (const m of this.named) {
      const c = el("canvas", { class: "face mid", "data-named": m.id, role: "img", "aria-label": m.title });
      this.namedFaces[m.id] = c;
      DEBUG.canvases[`named-${m.id}`] = c;
      // what the face judge sees in this model's face: a live region, read out as the sliders move
      const seen = el("div", { class: "caption judge", "data-judge": m.id, "aria-live": "polite" });
      this.judgeCaps[m.id] = seen;
      row.append(el("div", { class: "rc" }, c, el("div", { class: "caption", text: m.title }), seen));
    }
    this.root.append(el("div", { class: "facerow" }, box, row));
  }

  namedCode(m) {
    const dim = this.inst.data.d,
      z = m.z0.slice();
    for (let k = 0; k < this.alpha.length; k++) {
      if (this.alpha[k] === 0) continue;
      for (let i = 0; i < dim; i++) z[i] += this.alpha[k] * m.v[k * dim + i];
    }
    return z;
  }

  buildSliders() {
    const d = this.inst.data,
      s = d.sliders;
    this.z = f32(s.base).slice();
    const box = el("div", { class: "sliders" });
    this.face = el("canvas", { class: "face", "data-face": "sliders" });
    DEBUG.canvases.face = this.face;
    s.dims.forEach((j, i) => {
      const input = el("input", {
        type: "range",
        min: String(s.min),
        max: String(s.max),
        step: "0.01",
        "data-dim": String(j),
      });
      input.value = String(s.values[i]);
      const val = el("span", { class: "val", text: fmt(this.inst, s.values[i], 2) });
      this.z[j] = s.values[i];
      input.addEventListener("input", () => {
        this.z[j] = parseFloat(input.value);
        val.textContent = fmt(this.inst, this.z[j], 2);
        this.want();
      });
      box.append(el("label", { class: "slider" }, el("span", { text: s.labels[i] }), input, val));
    });
    this.root.append(
      el(
        "div",
        { class: "facerow" },
        box,
        el("div", { class: "rc" }, this.face, el("div", { class: "caption", text: d.title })),
      ),
    );
  }

  buildInterp() {
    const d = this.inst.data;
    this.strips = {};
    const t = el("input", {
      type: "range",
      min: "0",
      max: "1",
      step: "0.01",
      value: "0.5",
      "data-morph": "1",
      "aria-label": d.text.morph,
    });
    this.morphT = 0.5;
    t.addEventListener("input", () => {
      this.morphT = parseFloat(t.value);
      this.want();
    });
    const rows = el("div", { class: "interp" });
    for (const m of d.models) {
      const strip = el("canvas", { class: "strip", "data-strip": m.id });
      const morph = el("canvas", { class: "face small", "data-morph-face": m.id });
      this.strips[m.id] = { strip, morph, za: f32(m.za), zb: f32(m.zb) };
      rows.append(el("div", { class: "irow" }, el("b", { text: m.title }), strip, morph));
    }
    this.root.append(el("div", { class: "bar" }, el("span", { text: d.text.morph }), t), rows);
    this.stripsDone = false;
  }

  buildDraws() {
    const d = this.inst.data;
    this.seed = d.seed;
    this.grids = {};
    const row = el("div", { class: "planes pair" }); // side by side: the two decoders' grids in one view
    for (const m of d.models) {
      const c = el("canvas", { class: "grid", "data-grid": m.id });
      this.grids[m.id] = c;
      row.append(el("div", { class: "col" }, el("b", { text: m.title }), c));
    }
    const btn = el("button", {
      type: "button",
      class: "btn",
      "data-new": "1",
      text: d.text.new_faces,
      onclick: () => {
        this.seed += 1;
        this.want();
      },
    });
    this.root.append(el("div", { class: "bar" }, btn, el("span", { class: "status", text: d.text.draws_note })), row);
  }

  want() {
    this.dirty = true; // drawn by the next free frame: a slider's last value is never dropped
    if (this.frame) return;
    this.frame = requestAnimationFrame(async () => {
      this.frame = null;
      if (this.busy || !this.inst.ready) return;
      this.busy = true;
      this.dirty = false;
      try {
        await this.draw();
      } finally {
        this.busy = false;
      }
      if (this.dirty) this.want();
    });
  }

  async draw() {
    const d = this.inst.data,
      shape = d.shape,
      dim = d.d;
    if (d.part === "sliders") {
      const t = performance.now();
      const img = await decode(this.inst, d.decoder, this.z, 1, dim);
      live(this.face);
      paintImage(this.face, img, shape);
      timing("face", performance.now() - t, { part: "sliders" });
      DEBUG.last.face = { z: Array.from(this.z) };
    } else if (d.part === "interp") {
      const steps = d.steps;
      for (const m of d.models) {
        const s = this.strips[m.id];
        const lerp = (t) => {
          const z = new Float32Array(dim);
          for (let i = 0; i < dim; i++) z[i] = s.za[i] * (1 - t) + s.zb[i] * t;
          return z;
        };
        if (!this.stripsDone) {
          const zs = new Float32Array(steps * dim);
          for (let k = 0; k < steps; k++) zs.set(lerp(k / (steps - 1)), k * dim);
          const imgs = await decode(this.inst, m.decoder, zs, steps, dim);
          mosaic(s.strip, imgs, shape, steps, steps);
        }
        const t = performance.now();
        const img = await decode(this.inst, m.decoder, lerp(this.morphT), 1, dim);
        live(s.morph);
        paintImage(s.morph, img, shape);
        timing("face", performance.now() - t, { part: "morph", model: m.id });
      }
      this.stripsDone = true;
    } else if (d.part === "named") {
      const t = performance.now(),
        codes = {},
        seen = {};
      for (const m of this.named) {
        const z = this.namedCode(m);
        const img = await decode(this.inst, m.decoder, z, 1, dim);
        live(this.namedFaces[m.id]);
        paintImage(this.namedFaces[m.id], img, shape);
        codes[m.id] = Array.from(z);
        seen[m.id] = await this.judgeNamed(m, img);
      }
      timing("face", performance.now() - t, { part: "named" });
      DEBUG.last.named = { alpha: Array.from(this.alpha), z: codes, judge: seen };
    } else if (d.part === "draws") {
      const n = d.n,
        z = gaussian(n * dim, this.seed);
      for (const m of d.models) {
        const t = performance.now();
        const imgs = await decode(this.inst, m.decoder, z, n, dim);
        mosaic(this.grids[m.id], imgs, shape, n, d.cols);
        timing("faces", performance.now() - t, { model: m.id, n });
      }
      DEBUG.last.draws = { seed: this.seed };
    }
  }

  async judgeNamed(m, img) {
    // the face judge on this face: P(the attribute last moved), and what it was at the chosen face itself; for a
    // direction the judge has no name for (the class's own), the judged attribute that moved most
    const d = this.inst.data;
    if (!d.judge || !this.inst.has([d.judge])) return null;
    const probs = Array.from((await encode(this.inst, d.judge, img, d.shape))[0]);
    if (!this.baseProbs[m.id] && this.alpha.every((a) => a === 0)) this.baseProbs[m.id] = probs;
    const base = this.baseProbs[m.id];
    let k = this.moved;
    if (!(k < d.judged)) {
      const delta = probs.map((p, j) => (base ? Math.abs(p - base[j]) : p));
      k = delta.indexOf(Math.max(...delta));
    }
    const pct = (p) => new Intl.NumberFormat(d.locale, { style: "percent", maximumFractionDigits: 0 }).format(p);
    const moved = base && this.alpha.some((a) => a !== 0);
    const vars = { attribute: d.attributes[k].label, p: pct(probs[k]), p0: moved ? pct(base[k]) : "" };
    this.judgeCaps[m.id].textContent = fill(moved ? d.text.judge_from : d.text.judge_p, vars);
    return probs;
  }

  loaded() {
    if (this.inst.data.part === "named") this.want(); // the judge came: say what it sees
  }

  ready() {
    if (this.inst.data.judge) this.inst.want([this.inst.data.judge]); // after the decoders
    this.want();
  }
}

function poster(canvas, url, part) {
  if (!canvas || typeof url !== "string" || !url.startsWith("data:image/png;base64,")) return;
  const img = new Image();
  img.onload = () => {
    if (canvas.dataset.live) return; // the browser's model drew it first
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    canvas.getContext("2d").drawImage(img, 0, 0);
    timing("poster", 0, { part });
  };
  img.src = url;
}

function live(canvas) {
  canvas.dataset.live = "1"; // drawn by the model in this page: a poster arriving later must not cover it
}

function mosaic(canvas, imgs, shape, n, cols) {
  live(canvas);
  const [c, h, w] = shape,
    rows = Math.ceil(n / cols);
  canvas.width = cols * w;
  canvas.height = rows * h;
  const tile = document.createElement("canvas");
  for (let k = 0; k < n; k++) {
    paintImage(tile, imgs, shape, k * c * h * w);
    canvas.getContext("2d").drawImage(tile, (k % cols) * w, Math.floor(k / cols) * h);
  }
}

export function gaussian(n, seed) {
  // standard normal draws from a seeded generator (mulberry32 + Box-Muller): "new faces" needs no server
  let a = (seed * 2654435761) >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rnd(), 1e-12),
      v = rnd(),
      r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}
