// The training replay: AE and VAE codes epoch by epoch.

import { classKey, el, fill, Plane } from "./draw.js";
import { DEBUG, q16, u8 } from "./runtime.js";

export class Replay {
  constructor(root, inst) {
    this.root = root;
    this.inst = inst;
    this.t = 0;
    this.playing = false;
  }

  build() {
    const d = this.inst.data,
      T = d.text;
    this.root.replaceChildren();
    this.E = d.epochs;
    this.planes = [];
    this.frames = [];
    const row = el("div", { class: "planes" });
    const size = Math.max(200, Math.min(420, Math.floor(((this.root.clientWidth || 900) - 40) / d.models.length) - 8));
    for (const m of d.models) {
      const plane = new Plane({ ...m, points: null, rings: false }, d, size); // rings go over the moving points
      plane.canvas.className = "plane replay";
      plane.canvas.setAttribute("data-model", `replay-${m.id}`);
      this.planes.push(plane);
      this.frames.push(q16(m.points));
      row.append(el("div", { class: "col" }, el("div", { class: "head" }, el("b", { text: m.title })), plane.canvas));
    }
    this.labels = u8(d.labels);
    this.n = this.labels.length;
    this.play = el("button", {
      type: "button",
      class: "btn",
      "data-play": "1",
      text: T.play,
      onclick: () => this.toggle(),
    });
    this.slider = el("input", {
      type: "range",
      min: "0",
      max: String(this.E),
      step: "0.01",
      value: "0",
      "data-epoch": "1",
      "aria-label": T.epoch_label,
    });
    this.slider.addEventListener("input", () => {
      this.playing = false;
      this.play.textContent = T.play;
      this.show(parseFloat(this.slider.value));
    });
    this.label = el("span", { class: "status" });
    const bar = el("div", { class: "bar" }, this.play, this.slider, this.label);
    this.root.append(...[bar, d.classes ? classKey(d.palette, d.classes) : null, row].filter(Boolean));
    this.show(0);
  }

  toggle() {
    const T = this.inst.data.text;
    this.playing = !this.playing;
    this.play.textContent = this.playing ? T.pause : T.play;
    if (this.playing) {
      if (this.t >= this.E) this.t = 0;
      let prev = performance.now(),
        clock = this.t;
      // prefers-reduced-motion: whole epochs, one after another, no gliding between them
      const reduce = globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
      const step = (now) => {
        if (!this.playing) return;
        clock = Math.min(this.E, clock + (now - prev) / this.inst.data.ms_per_epoch);
        prev = now;
        const t = reduce ? Math.floor(clock) : clock;
        if (t !== this.t || !reduce) {
          this.slider.value = String(t);
          this.show(t);
        }
        if (clock >= this.E) this.t = this.E;
        if (this.t >= this.E) {
          this.playing = false;
          this.play.textContent = T.play;
          return;
        }
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    }
  }

  show(t) {
    this.t = t;
    const T = this.inst.data.text,
      d = this.inst.data;
    const k = Math.min(this.E - 1, Math.floor(t)),
      f = Math.min(1, t - k),
      n = this.n;
    const e = Math.round(t);
    this.label.textContent = e === 0 ? T.before : fill(T.epoch, { e: String(e), E: String(this.E) });
    this.planes.forEach((plane, j) => {
      const fr = this.frames[j],
        a = k * n * 2,
        b = (k + 1) * n * 2;
      plane.render({ changed: false });
      const ctx = plane.ctx;
      ctx.globalAlpha = 0.75;
      for (let i = 0; i < n; i++) {
        const x = fr[a + 2 * i] * (1 - f) + fr[b + 2 * i] * f,
          y = fr[a + 2 * i + 1] * (1 - f) + fr[b + 2 * i + 1] * f;
        const [px, py] = plane.toPx(x, y);
        ctx.fillStyle = d.palette[this.labels[i] % 10];
        ctx.fillRect(px - 1.4, py - 1.4, 2.8, 2.8);
      }
      ctx.globalAlpha = 1;
      if (d.models[j].rings) plane.drawRings(ctx);
    });
    DEBUG.last.replay = { t };
  }
}
