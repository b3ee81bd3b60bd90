// Drawing: small DOM and canvas helpers, and one latent plane (points, N(0, I) rings, holes map, density).

import { f32, u8 } from "./runtime.js";

// ---- drawing helpers ----------------------------------------------------------------------------------------
export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k) e.appendChild(k);
  return e;
}

// The key to the dots' colours: one swatch per class, named in the page's language (data.classes), with the glyph
// that marks the class when the planes draw glyphs (data.glyphs), where the name is not that glyph already.
export function classKey(palette, names, glyphs = null) {
  const key = el("div", { class: "classes", "data-classes": "1" });
  names.forEach((name, i) => {
    const swatch = el("i", { class: "swatch" });
    swatch.style.background = palette[i % palette.length];
    const glyph = glyphs && glyphs[i] !== name ? el("b", { class: "glyph", text: glyphs[i] }) : null;
    if (glyph) glyph.style.color = palette[i % palette.length];
    key.append(el("span", { class: "cls" }, swatch, glyph, el("span", { text: name })));
  });
  return key;
}

export function hidpi(canvas, w, h) {
  const r = window.devicePixelRatio || 1;
  canvas.width = Math.round(w * r);
  canvas.height = Math.round(h * r);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext("2d");
  ctx.setTransform(r, 0, 0, r, 0, 0);
  return ctx;
}

export function paintImage(canvas, data, shape, offset = 0) {
  // data: CHW floats in [0, 1] (at offset) -> the canvas's own pixels (one pixel per image pixel)
  const [c, h, w] = shape;
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(w, h);
  const px = img.data,
    plane = h * w;
  for (let i = 0; i < plane; i++) {
    for (let k = 0; k < 3; k++) {
      const v = data[offset + (c === 1 ? 0 : k) * plane + i];
      px[4 * i + k] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
    px[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

export function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export function fmt(inst, v, digits = 2) {
  return new Intl.NumberFormat(inst.data.locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v);
}

export function fill(s, vars) {
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? vars[k] : `{${k}}`));
}

// marching squares: line segments where a grid (rows from the top) crosses a level; cell centres at (c, r)
export function contours(v, n, level) {
  const segs = [];
  const at = (r, c) => v[r * n + c];
  const lerp = (a, b) => (level - a) / (b - a);
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < n - 1; c++) {
      const a = at(r, c),
        b = at(r, c + 1),
        d = at(r + 1, c),
        e = at(r + 1, c + 1);
      const idx = (a > level) | ((b > level) << 1) | ((e > level) << 2) | ((d > level) << 3);
      if (idx === 0 || idx === 15) continue;
      const top = [c + lerp(a, b), r],
        right = [c + 1, r + lerp(b, e)];
      const bottom = [c + lerp(d, e), r + 1],
        left = [c, r + lerp(a, d)];
      // biome-ignore format: the table of marching squares, a few cases a line
      const cases = {
        1: [[left, top]], 2: [[top, right]], 3: [[left, right]], 4: [[right, bottom]], 5: [[left, top], [right, bottom]],
        6: [[top, bottom]], 7: [[left, bottom]], 8: [[bottom, left]], 9: [[bottom, top]], 10: [[top, right], [bottom, left]],
        11: [[bottom, right]], 12: [[right, left]], 13: [[right, top]], 14: [[top, left]],
      };
      for (const s of cases[idx]) segs.push(s);
    }
  }
  return segs;
}

// ---- a latent plane -----------------------------------------------------------------------------------------
export class Plane {
  constructor(model, data, size) {
    this.m = model;
    this.data = data;
    this.canvas = el("canvas", { class: "plane", "data-model": model.id });
    this.layer = document.createElement("canvas");
    this.points = model.points ? f32(model.points) : null;
    this.labels = model.points && data.labels ? u8(data.labels) : null;
    this.holes = model.holes ? { n: model.holes.n, conf: u8(model.holes.conf), label: u8(model.holes.label) } : null;
    this.draws = model.draws
      ? { points: f32(model.draws.points), label: u8(model.draws.label), hole: model.draws.hole }
      : null;
    this.density = model.density ? { n: model.density.n, v: Array.from(u8(model.density.v), (x) => x / 255) } : null;
    this.marks = {};
    this.resize(size);
  }

  resize(size) {
    this.size = size;
    this.ctx = hidpi(this.canvas, size, size);
    this.lctx = hidpi(this.layer, size, size);
    this.dirty = true;
  }

  toPx(x, y) {
    const [x0, x1] = this.m.xlim,
      [y0, y1] = this.m.ylim;
    return [((x - x0) / (x1 - x0)) * this.size, (1 - (y - y0) / (y1 - y0)) * this.size];
  }

  toData(px, py) {
    const [x0, x1] = this.m.xlim,
      [y0, y1] = this.m.ylim;
    return [x0 + (px / this.size) * (x1 - x0), y0 + (1 - py / this.size) * (y1 - y0)];
  }

  drawLayer(opts) {
    const ctx = this.lctx,
      S = this.size,
      m = this.m;
    ctx.clearRect(0, 0, S, S);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, S, S);
    if (opts.holes && this.holes) {
      // one pixel per judged code, scaled up smoothly: colour where the decoded image is a confident digit of a
      // class, grey where it is not (a hole); grid points lie on the panel's edges (core.analysis.manifold_codes)
      const { n, conf, label } = this.holes;
      if (!this.holesImg) {
        this.holesImg = document.createElement("canvas");
        this.holesImg.width = this.holesImg.height = n;
        const img = this.holesImg.getContext("2d").createImageData(n, n);
        for (let i = 0; i < n * n; i++) {
          const q = conf[i] / 255,
            hole = q < this.data.confidence;
          const [R, G, B] = hole ? [90, 90, 90] : hexToRgb(this.data.palette[label[i] % 10]);
          img.data.set([R, G, B, Math.round(255 * (hole ? 0.34 : 0.12 + 0.2 * q))], 4 * i);
        }
        this.holesImg.getContext("2d").putImageData(img, 0, 0);
      }
      const cell = S / (n - 1);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.holesImg, -cell / 2, -cell / 2, S + cell, S + cell);
      // a hole is hatched as well as grey: a second channel beside colour
      ctx.strokeStyle = "rgba(40,40,40,0.45)";
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i < n * n; i++) {
        if (conf[i] / 255 >= this.data.confidence) continue;
        const [cx, cy] = [(i % n) * cell, Math.floor(i / n) * cell];
        ctx.moveTo(cx - cell / 2, cy + cell / 2);
        ctx.lineTo(cx + cell / 2, cy - cell / 2);
      }
      ctx.stroke();
    }
    // axes through the origin, ticks at whole numbers
    ctx.strokeStyle = "rgba(0,0,0,0.15)";
    ctx.lineWidth = 1;
    const [ox, oy] = this.toPx(0, 0);
    ctx.beginPath();
    ctx.moveTo(0, oy);
    ctx.lineTo(S, oy);
    ctx.moveTo(ox, 0);
    ctx.lineTo(ox, S);
    ctx.stroke();
    ctx.fillStyle = "rgba(0,0,0,0.55)";
    ctx.font = "10px sans-serif";
    const step = Math.max(1, Math.round((m.xlim[1] - m.xlim[0]) / 6));
    for (let v = Math.ceil(m.xlim[0] / step) * step; v <= m.xlim[1]; v += step) {
      const [px] = this.toPx(v, 0);
      ctx.fillText(String(v), px + 2, S - 3);
    }
    for (let v = Math.ceil(m.ylim[0] / step) * step; v <= m.ylim[1]; v += step) {
      const [, py] = this.toPx(0, v);
      ctx.fillText(String(v), 2, py - 2);
    }
    if (this.points && opts.points !== false) {
      const n = this.points.length / 2;
      const behind = opts.holes && this.draws; // the test codes step back behind the counted draws
      ctx.globalAlpha = behind ? 0.22 : opts.holes ? 0.55 : 0.7;
      const glyphs = opts.glyphs && this.labels && this.data.glyphs;
      if (glyphs) this.glyphFont(ctx);
      for (let i = 0; i < n; i++) {
        const [px, py] = this.toPx(this.points[2 * i], this.points[2 * i + 1]);
        const c = this.labels ? this.labels[i] : 0;
        ctx.fillStyle = this.data.palette[c % 10];
        if (glyphs) ctx.fillText(this.data.glyphs[c] ?? "", px, py);
        else ctx.fillRect(px - 1.3, py - 1.3, 2.6, 2.6);
      }
      ctx.globalAlpha = 1;
    }
    if (opts.holes && this.draws) this.drawDraws(ctx, opts.glyphs && this.data.glyphs);
    if (opts.density && this.density) {
      const { n, v } = this.density;
      const cell = S / n; // histogram cells (core.metrics.code_density): centres half a cell in
      ctx.strokeStyle = "rgba(0,0,0,0.75)";
      for (const [level, width] of [
        [0.08, 1],
        [0.3, 1.4],
        [0.65, 1.8],
      ]) {
        ctx.lineWidth = width;
        ctx.beginPath();
        for (const [[c0, r0], [c1, r1]] of contours(v, n, level)) {
          ctx.moveTo((c0 + 0.5) * cell, (r0 + 0.5) * cell);
          ctx.lineTo((c1 + 0.5) * cell, (r1 + 0.5) * cell);
        }
        ctx.stroke();
      }
    }
    if (m.rings) this.drawRings(ctx);
    this.dirty = false;
  }

  glyphFont(ctx) {
    ctx.font = "bold 10px sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
  }

  drawDraws(ctx, glyphs) {
    // the random codes the share above the plane counts: a dot in its class's colour where the judge recognises
    // the decoded image (with glyphs: the digit it sees), a grey ring where it does not (a hole); codes beyond the
    // panel sit on its edge
    const { points, label, hole } = this.draws,
      S = this.size,
      n = label.length;
    const at = (i) => this.toPx(points[2 * i], points[2 * i + 1]).map((v) => Math.min(S - 2, Math.max(2, v)));
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = "rgba(70,70,70,0.85)";
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if (label[i] !== hole) continue;
      const [px, py] = at(i);
      ctx.moveTo(px + 2.6, py);
      ctx.arc(px, py, 2.6, 0, 2 * Math.PI);
    }
    ctx.stroke();
    ctx.globalAlpha = 0.9;
    if (glyphs) this.glyphFont(ctx);
    for (let i = 0; i < n; i++) {
      if (label[i] === hole) continue;
      const [px, py] = at(i);
      ctx.fillStyle = this.data.palette[label[i] % 10];
      if (glyphs) {
        ctx.fillText(glyphs[label[i]] ?? "", px, py);
        continue;
      }
      ctx.beginPath();
      ctx.arc(px, py, 2.4, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    ctx.textAlign = "start";
    ctx.textBaseline = "alphabetic";
  }

  drawRings(ctx) {
    // N(0, I) at 1, 2, 3 sigma, on top of the points so that they never hide under a cloud
    const S = this.size,
      m = this.m;
    const [cx, cy] = this.toPx(0, 0);
    for (const r of [1, 2, 3]) {
      const rx = (r / (m.xlim[1] - m.xlim[0])) * S,
        ry = (r / (m.ylim[1] - m.ylim[0])) * S;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.lineWidth = 3.2;
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.ellipse(cx, cy, rx, ry, 0, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.strokeStyle = "rgba(20,20,20,0.9)";
      ctx.lineWidth = 1.4;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.ellipse(cx, cy, rx, ry, 0, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }

  render(opts) {
    if (this.dirty || opts.changed) this.drawLayer(opts);
    const ctx = this.ctx,
      S = this.size;
    ctx.clearRect(0, 0, S, S);
    ctx.drawImage(this.layer, 0, 0, S, S);
    const hover = this.marks.hover;
    if (hover) {
      const [px, py] = this.toPx(hover[0], hover[1]);
      ctx.strokeStyle = "#111";
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(px, py, 6, 0, 2 * Math.PI);
      ctx.moveTo(px - 10, py);
      ctx.lineTo(px + 10, py);
      ctx.moveTo(px, py - 10);
      ctx.lineTo(px, py + 10);
      ctx.stroke();
    }
    if (this.m.upload) {
      // an uploaded picture's code (the server encoded it): a cross, as the server-side planes mark it
      const [px, py] = this.toPx(this.m.upload[0], this.m.upload[1]);
      for (const [w, c] of [
        [5, "#fff"],
        [2.4, "#111"],
      ]) {
        ctx.lineWidth = w;
        ctx.strokeStyle = c;
        ctx.beginPath();
        ctx.moveTo(px - 7, py - 7);
        ctx.lineTo(px + 7, py + 7);
        ctx.moveTo(px + 7, py - 7);
        ctx.lineTo(px - 7, py + 7);
        ctx.stroke();
      }
    }
    const drawn = this.marks.drawn;
    if (drawn) {
      const [px, py] = this.toPx(drawn.p[0], drawn.p[1]);
      ctx.fillStyle = this.m.color;
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let i = 0; i < 10; i++) {
        const r = i % 2 ? 4 : 10,
          t = (i * Math.PI) / 5 - Math.PI / 2;
        ctx.lineTo(px + r * Math.cos(t), py + r * Math.sin(t));
      }
      ctx.closePath();
      ctx.stroke();
      ctx.fill();
      if (drawn.cov) {
        // the VAE's q(z|x): its 1σ and 2σ ellipses on this plane
        const [a, b, c] = drawn.cov; // [[a, b], [b, c]]
        const tr = (a + c) / 2,
          det = Math.sqrt(Math.max(0, ((a - c) / 2) ** 2 + b * b));
        const l1 = tr + det,
          l2 = Math.max(0, tr - det);
        const angle = Math.abs(b) < 1e-12 ? (a >= c ? 0 : Math.PI / 2) : Math.atan2(l1 - a, b);
        const sx = S / (this.m.xlim[1] - this.m.xlim[0]),
          sy = S / (this.m.ylim[1] - this.m.ylim[0]);
        for (const k of [1, 2]) {
          ctx.save();
          ctx.translate(px, py);
          ctx.scale(sx, -sy); // data units, y up
          ctx.rotate(angle);
          ctx.beginPath();
          ctx.ellipse(0, 0, k * Math.sqrt(l1), k * Math.sqrt(l2), 0, 0, 2 * Math.PI);
          ctx.restore(); // the path stays; the line width is in pixels again
          ctx.strokeStyle = this.m.color;
          ctx.lineWidth = k === 1 ? 2.2 : 1.2;
          ctx.stroke();
        }
      }
    }
  }
}
