// The unfamiliar-inputs page's pad: a drawing scored live by each model, as core/novelty.py scores an image (the AE's
// and PCA's reconstruction error, the VAE's loss at z = mu), and placed among the held-out digits' scores.

import { el, fill, fmt, paintImage } from "./draw.js";
import { Pad, vaeLossAtMean } from "./pad.js";
import { DEBUG, decode, encode, f32, timing } from "./runtime.js";

// the share of sorted values below v (ties: half), by binary search
export function rankAmong(sorted, v) {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  let eq = lo;
  while (eq < sorted.length && sorted[eq] === v) eq++;
  return (lo + (eq - lo) / 2) / sorted.length;
}

export class Novelty {
  constructor(root, inst) {
    this.root = root;
    this.inst = inst;
    this.pending = false;
    this.busy = false;
  }

  build() {
    const d = this.inst.data,
      T = d.text;
    this.root.replaceChildren();
    this.status = el("span", { class: "status", text: T.loading });
    this.root.append(el("div", { class: "bar" }, this.status));
    this.pad = new Pad(
      d,
      () => {
        this.pending = true;
        this.schedule();
      },
      () => this.cleared(),
    );
    this.familiar = Object.fromEntries(d.models.map((m) => [m.id, f32(m.familiar)]));
    this.form = el("canvas", { class: "recon", "data-form": "1", width: 28, height: 28 });
    this.recon = {};
    this.said = {};
    const out = el("div", { class: "scores" });
    for (const m of d.models) {
      const c = el("canvas", { class: "recon", "data-recon": m.id, width: m.shape[2], height: m.shape[1] });
      const said = el("div", { class: "score", text: "" });
      this.recon[m.id] = c;
      this.said[m.id] = said;
      out.append(el("div", { class: "rc" }, c, el("div", { class: "caption", text: m.title }), said));
    }
    this.note = el("div", { class: "loss", text: T.pad_hint });
    this.live = el("div", { class: "sr-only", "aria-live": "polite" }); // the scores read out, not shown twice
    const left = el("div", { class: "padcol" }, el("b", { text: T.pad_title }), this.pad.canvas, this.pad.buttons);
    const mid = el("div", { class: "rc" }, this.form, el("div", { class: "caption", text: T.as_mnist }));
    const right = el("div", { class: "padcol" }, el("b", { text: T.scores_title }), out, this.note, this.live);
    this.root.append(el("div", { class: "padrow" }, left, mid, right));
  }

  cleared() {
    for (const m of this.inst.data.models) this.said[m.id].textContent = "";
    this.live.textContent = "";
    DEBUG.last.novelty = null;
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.tick();
    });
  }

  async tick() {
    if (this.busy || !this.inst.ready || !this.pending) return;
    this.busy = true;
    this.pending = false;
    try {
      await this.score();
    } finally {
      this.busy = false;
    }
    if (this.pending) this.schedule();
  }

  async score() {
    const d = this.inst.data,
      T = d.text;
    const start = performance.now();
    const x = this.pad.image();
    if (!x) return;
    paintImage(this.form, x, [1, 28, 28]);
    const scores = {},
      ranks = {},
      lines = [];
    for (const m of d.models) {
      const outs = await encode(this.inst, m.encoder, x, m.shape);
      const z = outs[0];
      const rec = await decode(this.inst, m.decoder, z, 1, z.length);
      paintImage(this.recon[m.id], rec, m.shape);
      let s = 0;
      if (m.score === "vae_elbo") {
        const { recon, kl } = vaeLossAtMean(x, rec, z, outs[1]);
        s = recon + kl;
      } else {
        for (let i = 0; i < x.length; i++) s += (rec[i] - x[i]) ** 2; // mean squared error per pixel
        s /= x.length;
      }
      const r = rankAmong(this.familiar[m.id], s);
      scores[m.id] = s;
      ranks[m.id] = r;
      // one decimal: 99.8%, not a rounded "above 100%"
      const pct = new Intl.NumberFormat(d.locale, { style: "percent", maximumFractionDigits: 1 }).format(r);
      this.said[m.id].textContent = fill(T.rank, { score: fmt(this.inst, s, m.digits), pct });
      lines.push(`${m.title}: ${this.said[m.id].textContent}`);
    }
    this.live.textContent = lines.join(" · ");
    DEBUG.last.novelty = { image: Array.from(x), scores, ranks };
    timing("novelty", performance.now() - start);
  }

  ready(ok, msg) {
    this.status.textContent = msg;
    this.status.className = `status ${ok ? "ok" : "bad"}`;
    if (ok) this.schedule();
  }
}
