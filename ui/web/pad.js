// A drawing pad: white ink on black, kept at a fixed resolution whatever the screen's. By keyboard: Tab to the pad,
// a digit key draws a held-out test digit of that class (data.samples), Delete clears; a button draws the next one.

import { el, hidpi } from "./draw.js";
import { mnistForm } from "./form.js";
import { u8 } from "./runtime.js";

// The VAE's loss for a drawing x at z = mu (core.novelty.loss_at_mean): Bernoulli reconstruction of its decoded
// image rec, plus the KL of q(z|x) = N(mu, exp(logvar)) to N(0, I), both in nats.
export function vaeLossAtMean(x, rec, mu, logvar) {
  let recon = 0,
    kl = 0;
  for (let i = 0; i < x.length; i++) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, rec[i]));
    recon -= x[i] * Math.log(q) + (1 - x[i]) * Math.log(1 - q);
  }
  for (let i = 0; i < mu.length; i++) kl += -0.5 * (1 + logvar[i] - mu[i] * mu[i] - Math.exp(logvar[i]));
  return { recon, kl };
}

// A drawing for the class wall: "<n>:<base64 of its 28 x 28 grey levels, 0..255>", n a counter that tells two
// sendings apart (read by ui.classroom.pixels_from_browser)
export function wallMessage(x, n) {
  let bin = "";
  for (let i = 0; i < x.length; i++) bin += String.fromCharCode(Math.round(Math.min(1, Math.max(0, x[i])) * 255));
  return `${Math.floor(n)}:${btoa(bin)}`;
}

export class Pad {
  // d: the component's data (pad.stroke, samples, form); changed(): new ink; cleared(): the pad was cleared
  constructor(d, changed, cleared) {
    const T = d.text;
    this.d = d;
    this.side = 168;
    this.changed = changed;
    this.cleared = cleared;
    this.canvas = el("canvas", { class: "pad", "data-pad": "1" });
    this.ctx = hidpi(this.canvas, this.side, this.side);
    this.ink = document.createElement("canvas");
    this.ink.width = this.ink.height = this.side;
    this.inkCtx = this.ink.getContext("2d", { willReadFrequently: true });
    this.clear(false);
    let drawing = false,
      last = null;
    const pos = (e) => {
      const r = this.canvas.getBoundingClientRect();
      return [((e.clientX - r.left) / r.width) * this.side, ((e.clientY - r.top) / r.height) * this.side];
    };
    const stroke = (a, b) => {
      const c = this.inkCtx;
      c.strokeStyle = "#fff";
      c.lineWidth = d.pad.stroke;
      c.lineCap = c.lineJoin = "round";
      c.beginPath();
      c.moveTo(a[0], a[1]);
      c.lineTo(b[0], b[1]);
      c.stroke();
      this.show();
      this.changed();
    };
    this.canvas.addEventListener("pointerdown", (e) => {
      drawing = true;
      this.canvas.setPointerCapture(e.pointerId);
      last = pos(e);
      stroke(last, [last[0] + 0.01, last[1]]);
    });
    this.canvas.addEventListener("pointermove", (e) => {
      if (!drawing) return;
      const p = pos(e);
      stroke(last, p);
      last = p;
    });
    const end = () => (drawing = false);
    this.canvas.addEventListener("pointerup", end);
    this.canvas.addEventListener("pointercancel", end);
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute("role", "application");
    this.canvas.setAttribute("aria-label", d.samples ? T.pad_label : T.pad_title);
    this.canvas.addEventListener("keydown", (e) => {
      if (e.key === "Delete" || e.key === "Backspace") {
        this.clear(true);
        e.preventDefault();
      } else if (d.samples && /^[0-9]$/.test(e.key) && Number(e.key) < d.samples.n) {
        this.drawSample(Number(e.key));
        e.preventDefault();
      }
    });
    this.next = 0;
    const clear = el("button", { type: "button", class: "btn", text: T.clear, onclick: () => this.clear(true) });
    const sample =
      d.samples &&
      el("button", {
        type: "button",
        class: "btn",
        "data-sample": "1",
        text: T.sample,
        onclick: () => this.drawSample(this.next),
      });
    this.buttons = el("div", { class: "padbtns" }, clear, sample);
  }

  show() {
    this.ctx.drawImage(this.ink, 0, 0, this.side, this.side);
  }

  clear(reset) {
    this.inkCtx.fillStyle = "#000";
    this.inkCtx.fillRect(0, 0, this.side, this.side);
    this.show();
    if (reset) this.cleared();
  }

  drawSample(k) {
    // a held-out test digit of class k, drawn on the pad as if by hand: white ink on black, scaled to the pad
    const { n, side, images } = this.d.samples;
    const px = u8(images),
      tile = document.createElement("canvas");
    tile.width = tile.height = side;
    const img = tile.getContext("2d").createImageData(side, side);
    for (let i = 0; i < side * side; i++) {
      const v = px[(k % n) * side * side + i];
      img.data.set([v, v, v, 255], 4 * i);
    }
    tile.getContext("2d").putImageData(img, 0, 0);
    this.clear(false);
    this.inkCtx.imageSmoothingEnabled = true;
    this.inkCtx.drawImage(tile, 0, 0, this.side, this.side);
    this.show();
    this.next = (k + 1) % n;
    this.changed();
  }

  image() {
    // the drawing in MNIST's form (28 x 28 floats in [0, 1]), or null while the pad holds no ink
    const px = this.inkCtx.getImageData(0, 0, this.side, this.side).data;
    const grey = new Float32Array(this.side * this.side);
    for (let i = 0; i < grey.length; i++) grey[i] = px[4 * i] / 255;
    return mnistForm(grey, this.side, this.side, this.d.form);
  }
}
