// The latent page: three planes, hover to decode, a drawing pad.

import { codeToPlane, planeCov, planeToCode } from "./codes.js";
import { classKey, el, fill, fmt, Plane, paintImage } from "./draw.js";
import { Pad, vaeLossAtMean, wallMessage } from "./pad.js";
import { DEBUG, decode, encode, timing } from "./runtime.js";

export class Latent {
  constructor(root, inst) {
    this.root = root;
    this.inst = inst;
    this.opts = { holes: false, density: false, linked: true, glyphs: false };
    this.pending = null;
    this.probe = {}; // where the probe was last sent, per plane
    this.padPending = false;
    this.busy = false;
  }

  build() {
    const d = this.inst.data,
      T = d.text;
    this.root.replaceChildren();
    const bar = el("div", { class: "bar" });
    const toggle = (name, label, checked) => {
      const box = el("input", { type: "checkbox", "data-toggle": name });
      box.checked = checked;
      box.addEventListener("change", () => {
        this.opts[name] = box.checked;
        this.redraw(true);
      });
      return el("label", { class: "toggle" }, box, el("span", { text: label }));
    };
    bar.append(toggle("linked", T.linked, this.opts.linked), toggle("holes", T.holes, this.opts.holes));
    bar.append(toggle("density", T.density, this.opts.density));
    if (d.glyphs) bar.append(toggle("glyphs", T.glyphs, this.opts.glyphs));
    this.status = el("span", { class: "status", text: T.loading });
    bar.append(this.status);
    this.root.append(bar);
    if (d.classes) this.root.append(classKey(d.palette, d.classes, d.glyphs));
    this.legend = el("div", { class: "legend", text: T.holes_legend });
    this.legend.style.display = this.opts.holes ? "" : "none";
    this.root.append(this.legend);
    const row = el("div", { class: "planes" });
    this.planes = {};
    this.views = {};
    const size = this.planeSize();
    for (const m of d.models) {
      const plane = new Plane(m, d, size);
      const img = el("canvas", { class: "decoded", "data-model": m.id, width: m.shape[2], height: m.shape[1] });
      const cap = el("div", { class: "caption", text: T.hover_hint });
      const head = el(
        "div",
        { class: "head" },
        el("b", { text: m.title }),
        el("span", { class: "share", text: m.share_text || "" }),
      );
      const col = el("div", { class: "col" }, head, plane.canvas, el("div", { class: "out" }, img, cap));
      col.style.width = `${size}px`;
      row.append(col);
      this.planes[m.id] = plane;
      this.views[m.id] = { img, cap };
      DEBUG.canvases[m.id] = img; // what tests and benches read back: the pixels the page drew
      DEBUG.canvases[`plane-${m.id}`] = plane.canvas;
      plane.canvas.addEventListener("pointermove", (e) => this.hover(m.id, e));
      plane.canvas.addEventListener("pointerdown", (e) => this.hover(m.id, e));
      // by keyboard: focus a plane (Tab), the arrows move the probe (Shift: five times as far), L links the
      // planes or not; the decoded code is announced in the caption below (a polite live region)
      plane.canvas.tabIndex = 0;
      plane.canvas.setAttribute("role", "application");
      plane.canvas.setAttribute(
        "aria-label",
        [fill(T.plane_label, { model: m.title }), m.share_text || ""].filter(Boolean).join(" "),
      );
      cap.setAttribute("aria-live", "polite");
      plane.canvas.addEventListener("keydown", (e) => this.key(m.id, e));
    }
    this.root.append(row);
    if (d.pad) this.buildPad();
    this.ro = new ResizeObserver(() => {
      const s = this.planeSize();
      if (Math.abs(s - this.planes[d.models[0].id].size) > 2) {
        for (const p of Object.values(this.planes)) {
          p.resize(s);
          p.canvas.parentElement.style.width = `${s}px`;
        }
        this.redraw(true);
      }
    });
    this.ro.observe(this.root);
    this.redraw(true);
  }

  planeSize() {
    const w = this.root.clientWidth || 900;
    const k = this.inst.data.models.length;
    return Math.max(180, Math.min(380, Math.floor((w - 14 * (k - 1)) / k) - 2));
  }

  buildPad() {
    const d = this.inst.data,
      T = d.text;
    this.pad = new Pad(
      d,
      () => {
        this.padPending = true;
        this.schedule();
      },
      () => this.padCleared(),
    );
    this.padOut = el("div", { class: "padout" });
    this.padRecon = {};
    for (const m of d.models) {
      const c = el("canvas", { class: "recon", "data-recon": m.id, width: m.shape[2], height: m.shape[1] });
      this.padRecon[m.id] = c;
      this.padOut.append(el("div", { class: "rc" }, c, el("div", { class: "caption", text: m.title })));
    }
    this.form = el("canvas", { class: "recon", "data-form": "1", width: 28, height: 28 });
    this.loss = el("div", { class: "loss", text: T.pad_hint, "aria-live": "polite" });
    if (T.wall) {
      // in a class: the drawing goes to the teacher's class wall (28 x 28 grey bytes, with a counter)
      const send = el("button", { type: "button", class: "btn", "data-wall": "1", text: T.wall });
      send.onclick = () => this.sendToWall();
      this.pad.buttons.append(send);
    }
    const left = el("div", { class: "padcol" }, el("b", { text: T.pad_title }), this.pad.canvas, this.pad.buttons);
    const mid = el("div", { class: "rc" }, this.form, el("div", { class: "caption", text: T.as_mnist }));
    const right = el("div", { class: "padcol" }, el("b", { text: T.recons }), this.padOut, this.loss);
    this.root.append(el("div", { class: "padrow" }, left, mid, right));
  }

  sendToWall() {
    const x = this.pad.image();
    if (!x) return;
    this.inst.set("drawing", wallMessage(x, Date.now() % 1e9));
  }

  padCleared() {
    for (const p of Object.values(this.planes)) p.marks.drawn = null;
    DEBUG.last.pad = null;
    this.loss.textContent = this.inst.data.text.pad_hint;
    this.redraw(false);
  }

  key(id, e) {
    const plane = this.planes[id],
      m = plane.m;
    const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (e.key === "l" || e.key === "L") {
      this.opts.linked = !this.opts.linked;
      const box = this.root.querySelector("[data-toggle=linked]");
      if (box) box.checked = this.opts.linked;
      e.preventDefault();
      return;
    }
    if (!dirs[e.key]) return;
    e.preventDefault(); // the page does not scroll while the probe moves
    const stepX = ((m.xlim[1] - m.xlim[0]) / 40) * (e.shiftKey ? 5 : 1),
      stepY = ((m.ylim[1] - m.ylim[0]) / 40) * (e.shiftKey ? 5 : 1);
    // from where the last key or pointer left the probe, even while its image is decoded (fast presses add up)
    const at = this.probe[id] || plane.marks.hover || [0, 0];
    const clamp = (v, [lo, hi]) => Math.min(hi, Math.max(lo, v));
    const p = [clamp(at[0] + dirs[e.key][0] * stepX, m.xlim), clamp(at[1] + dirs[e.key][1] * stepY, m.ylim)];
    this.request(id, p);
  }

  hover(id, e) {
    const plane = this.planes[id];
    const r = plane.canvas.getBoundingClientRect();
    const p = plane.toData(
      ((e.clientX - r.left) / r.width) * plane.size,
      ((e.clientY - r.top) / r.height) * plane.size,
    );
    this.request(id, p);
  }

  request(id, p) {
    // the probe's new place on one plane (linked: on all of them), decoded at the next frame
    for (const k of this.opts.linked ? Object.keys(this.planes) : [id]) this.probe[k] = p;
    this.pending = { id, p, t0: performance.now() };
    this.schedule();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.tick();
    });
  }

  async tick() {
    if (this.busy || !this.inst.ready) return; // the next frame picks up what arrived meanwhile
    this.busy = true;
    try {
      if (this.pending) {
        const job = this.pending;
        this.pending = null;
        await this.decodeAt(job);
      }
      if (this.padPending && this.inst.has(this.inst.data.models.map((m) => m.encoder))) {
        this.padPending = false;
        await this.encodePad();
      } else if (this.padPending) {
        // the encoders come when the pad is first used: the planes need only the decoders
        this.loss.textContent = this.inst.data.text.loading;
        this.inst.want(this.inst.data.models.map((m) => m.encoder));
      }
    } finally {
      this.busy = false;
    }
    if (this.pending || (this.padPending && this.inst.has(this.inst.data.models.map((m) => m.encoder))))
      this.schedule();
  }

  loaded() {
    if (this.padPending) this.schedule();
    // the judge came after the first probe: say what it sees there now
    const d = this.inst.data;
    if (d.judge && !this.judgeSeen && this.inst.has([d.judge])) {
      this.judgeSeen = true;
      // where the probe was last sent (not where the last decoded image was): a decode under way is not undone
      const last = Object.keys(this.planes).find((k) => this.probe[k] || this.planes[k].marks.hover);
      if (last && !this.pending)
        this.pending = { id: last, p: this.probe[last] || this.planes[last].marks.hover, t0: performance.now() };
      this.schedule();
    }
  }

  async decodeAt({ id, p, t0 }) {
    const d = this.inst.data,
      T = d.text;
    const start = performance.now();
    const ids = this.opts.linked ? d.models.map((m) => m.id) : [id];
    for (const mid of ids) {
      const m = d.models.find((x) => x.id === mid);
      const z = planeToCode(m, p);
      const t = performance.now();
      const img = await decode(this.inst, m.decoder, z, 1, z.length);
      paintImage(this.views[mid].img, img, m.shape);
      timing("decode", performance.now() - t, { model: mid });
      const r = Math.hypot(p[0], p[1]);
      const where = fill(m.proj ? T.decoded_proj : T.decoded, {
        x: fmt(this.inst, p[0]),
        y: fmt(this.inst, p[1]),
        r: fmt(this.inst, r, 1),
      });
      const seen = await this.judged(img, m.shape);
      this.views[mid].cap.textContent = seen ? `${where} · ${seen.text}` : where;
      DEBUG.last[mid] = { plane: [p[0], p[1]], z: Array.from(z), judge: seen ? seen.probs : null };
      this.planes[mid].marks.hover = p;
    }
    for (const m of d.models) if (!ids.includes(m.id)) this.planes[m.id].marks.hover = null;
    this.redraw(false);
    timing("hover", performance.now() - start, { models: ids.length, since_event: performance.now() - t0 });
  }

  async judged(img, shape) {
    // what the judge (the lab's classifier, in this page too) sees in a decoded image: a digit when one class has
    // at least the holes view's confidence, else a hole with its best guess; null until its graph is here
    const d = this.inst.data,
      T = d.text;
    if (!d.judge || !this.inst.has([d.judge]) || shape.join() !== d.judge_shape.join()) return null;
    const probs = Array.from((await encode(this.inst, d.judge, img, shape))[0]);
    const k = probs.indexOf(Math.max(...probs));
    // one decimal: 89.5% is not rounded up to the 90% bar it misses
    const pct = new Intl.NumberFormat(d.locale, { style: "percent", maximumFractionDigits: 1 }).format(probs[k]);
    const name = d.classes ? d.classes[k] : String(k);
    return { probs, text: fill(probs[k] >= d.confidence ? T.judge_digit : T.judge_hole, { digit: name, p: pct }) };
  }

  async encodePad() {
    const d = this.inst.data,
      T = d.text;
    const start = performance.now();
    const x = this.pad.image();
    if (!x) return;
    paintImage(this.form, x, [1, 28, 28]);
    const last = { image: Array.from(x), codes: {}, plane: {} };
    let vaeLoss = null;
    for (const m of d.models) {
      const outs = await encode(this.inst, m.encoder, x, m.shape);
      const z = outs[0],
        p = codeToPlane(m, z);
      const mark = { p };
      if (m.variational) mark.cov = planeCov(m, outs[1]);
      this.planes[m.id].marks.drawn = mark;
      last.codes[m.id] = Array.from(z);
      last.plane[m.id] = p;
      if (m.variational) last.logvar = Array.from(outs[1]);
      const rec = await decode(this.inst, m.decoder, z, 1, z.length);
      paintImage(this.padRecon[m.id], rec, m.shape);
      if (m.variational) vaeLoss = { ...vaeLossAtMean(x, rec, z, outs[1]), beta: m.beta };
    }
    this.redraw(false);
    if (vaeLoss) {
      last.loss = vaeLoss;
      this.loss.textContent = fill(vaeLoss.beta === 1 ? T.pad_loss : T.pad_loss_beta, {
        recon: fmt(this.inst, vaeLoss.recon, 1),
        kl: fmt(this.inst, vaeLoss.kl, 1),
        beta: fmt(this.inst, vaeLoss.beta, 1),
        total: fmt(this.inst, vaeLoss.recon + vaeLoss.beta * vaeLoss.kl, 1), // the VAE's own loss: recon + β·KL
      });
    }
    DEBUG.last.pad = last;
    timing("stroke", performance.now() - start);
  }

  redraw(changed) {
    if (this.legend) this.legend.style.display = this.opts.holes ? "" : "none";
    for (const p of Object.values(this.planes)) p.render({ ...this.opts, changed });
  }

  ready(ok, msg) {
    this.status.textContent = msg;
    this.status.className = `status ${ok ? "ok" : "bad"}`;
    if (!ok) return;
    // show something at once (the decoded origin of every plane), or what the pointer asked for meanwhile
    if (this.pending === null) this.pending = { id: this.inst.data.models[0].id, p: [0, 0], t0: performance.now() };
    if (this.inst.data.judge) this.inst.want([this.inst.data.judge]); // after the decoders: the captions' judge
    this.schedule();
  }

  destroy() {
    if (this.ro) this.ro.disconnect();
  }
}
