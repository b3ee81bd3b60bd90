// The lab's models in the page: onnxruntime-web runs each model's ONNX encoder and decoder, so hovering a latent
// plane, drawing a digit, playing a training replay and dragging a face slider answer without a server round trip.
// A Streamlit custom component (st.components.v2); ui/lab.py builds its data. form.js is prepended (mnistForm).

const S = {
  ort: null, // Promise of the onnxruntime-web module
  sessions: new Map(), // graph id -> Promise<InferenceSession>
  queue: new Map(), // graph id -> Promise chain: one run at a time per session
  idb: null,
};
const DEBUG = (globalThis.__aevae = globalThis.__aevae || { timings: [], last: {}, canvases: {} });
const MAX_TIMINGS = 2000;

function timing(kind, ms, extra = {}) {
  DEBUG.timings.push({ kind, ms, t: performance.now(), ...extra });
  if (DEBUG.timings.length > MAX_TIMINGS) DEBUG.timings.splice(0, DEBUG.timings.length - MAX_TIMINGS);
}

// ---- bytes ------------------------------------------------------------------------------------------------
function b64bytes(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
const f32 = (s) => new Float32Array(b64bytes(s).buffer);
const u8 = (s) => b64bytes(s);

// ---- the runtime and the graphs ---------------------------------------------------------------------------
function runtime(base) {
  if (!S.ort) {
    base = new URL(base, location.href).href; // a module made from inline code resolves nothing relative to the page
    S.ort = (async () => {
      if (typeof WebAssembly !== "object") throw new Error("this browser has no WebAssembly");
      const t = performance.now();
      const ort = await import(base + "ort.wasm.min.mjs");
      ort.env.wasm.wasmPaths = base; // the vendored files, served by the dashboard itself (never a CDN)
      ort.env.wasm.numThreads = 1; // threads need cross-origin isolation, which a Streamlit page does not have
      ort.env.wasm.proxy = false;
      ort.env.logLevel = "error";
      timing("runtime", performance.now() - t);
      return ort;
    })();
  }
  return S.ort;
}

function idb() {
  if (!S.idb) {
    S.idb = new Promise((resolve) => {
      try {
        const req = indexedDB.open("aevae-lab", 1);
        req.onupgradeneeded = () => req.result.createObjectStore("graphs");
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
      } catch (e) {
        resolve(null); // private mode or no IndexedDB: graphs are then kept for this page only
      }
    });
  }
  return S.idb;
}

async function idbGet(id) {
  const db = await idb();
  if (!db) return null;
  return new Promise((resolve) => {
    const req = db.transaction("graphs").objectStore("graphs").get(id);
    req.onsuccess = () => resolve(req.result || null);
    req.onerror = () => resolve(null);
  });
}

async function idbPut(id, bytes) {
  const db = await idb();
  if (!db) return;
  await new Promise((resolve) => {
    const tx = db.transaction("graphs", "readwrite");
    tx.objectStore("graphs").put(bytes, id);
    tx.oncomplete = tx.onerror = tx.onabort = () => resolve();
  });
}

async function session(base, id, bytes) {
  if (!S.sessions.has(id)) {
    S.sessions.set(
      id,
      (async () => {
        const ort = await runtime(base);
        const t = performance.now();
        const sess = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
        timing("session", performance.now() - t, { graph: id, bytes: bytes.length });
        return sess;
      })()
    );
    S.sessions.get(id).catch(() => S.sessions.delete(id));
  }
  return S.sessions.get(id);
}

// Each graph is sent by the server once per browser: on the first visit the component asks for the ones it lacks
// (state "need"), the server adds them to the next data, the component keeps them in IndexedDB and says it needs
// nothing more. Later visits (other tabs, other days) load them from IndexedDB: no model bytes are sent again.
async function graphs(inst, ids) {
  const base = inst.data.ort;
  const got = {}, missing = [];
  await Promise.all(
    ids.map(async (id) => {
      if (S.sessions.has(id)) {
        got[id] = S.sessions.get(id);
        return;
      }
      const sent = (inst.data.graphs || {})[id];
      let bytes = sent ? b64bytes(sent) : await idbGet(id);
      if (sent) idbPut(id, bytes);
      if (bytes) got[id] = session(base, id, bytes);
      else missing.push(id);
    })
  );
  inst.need(missing);
  const out = {};
  for (const [id, p] of Object.entries(got)) out[id] = await p;
  return out;
}

async function run(sess, id, feeds) {
  // one run at a time per session (onnxruntime-web refuses overlapping runs of one session)
  const prev = S.queue.get(id) || Promise.resolve();
  const next = prev.then(() => sess.run(feeds)).catch((e) => {
    throw e;
  });
  S.queue.set(
    id,
    next.catch(() => null)
  );
  return next;
}

async function decode(inst, id, z, n, d) {
  const ort = await runtime(inst.data.ort);
  const sess = inst.sessions[id];
  const out = await run(sess, id, { [sess.inputNames[0]]: new ort.Tensor("float32", z, [n, d]) });
  return out[sess.outputNames[0]].data;
}

async function encode(inst, id, x, shape) {
  const ort = await runtime(inst.data.ort);
  const sess = inst.sessions[id];
  const out = await run(sess, id, { [sess.inputNames[0]]: new ort.Tensor("float32", x, [1, ...shape]) });
  return sess.outputNames.map((name) => out[name].data);
}

// ---- drawing helpers ----------------------------------------------------------------------------------------
function el(tag, attrs = {}, ...kids) {
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

function hidpi(canvas, w, h) {
  const r = window.devicePixelRatio || 1;
  canvas.width = Math.round(w * r);
  canvas.height = Math.round(h * r);
  canvas.style.width = w + "px";
  canvas.style.height = h + "px";
  const ctx = canvas.getContext("2d");
  ctx.setTransform(r, 0, 0, r, 0, 0);
  return ctx;
}

function paintImage(canvas, data, shape, offset = 0) {
  // data: CHW floats in [0, 1] (at offset) -> the canvas's own pixels (one pixel per image pixel)
  const [c, h, w] = shape;
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(w, h);
  const px = img.data, plane = h * w;
  for (let i = 0; i < plane; i++) {
    for (let k = 0; k < 3; k++) {
      const v = data[offset + (c === 1 ? 0 : k) * plane + i];
      px[4 * i + k] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
    px[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function fmt(inst, v, digits = 2) {
  return new Intl.NumberFormat(inst.data.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

function fill(s, vars) {
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? vars[k] : "{" + k + "}"));
}

// marching squares: line segments where a grid (rows from the top) crosses a level; cell centres at (c, r)
function contours(v, n, level) {
  const segs = [];
  const at = (r, c) => v[r * n + c];
  const lerp = (a, b) => (level - a) / (b - a);
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < n - 1; c++) {
      const a = at(r, c), b = at(r, c + 1), d = at(r + 1, c), e = at(r + 1, c + 1);
      const idx = (a > level) | ((b > level) << 1) | ((e > level) << 2) | ((d > level) << 3);
      if (idx === 0 || idx === 15) continue;
      const top = [c + lerp(a, b), r], right = [c + 1, r + lerp(b, e)];
      const bottom = [c + lerp(d, e), r + 1], left = [c, r + lerp(a, d)];
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
class Plane {
  constructor(model, data, size) {
    this.m = model;
    this.data = data;
    this.canvas = el("canvas", { class: "plane", "data-model": model.id });
    this.layer = document.createElement("canvas");
    this.points = model.points ? f32(model.points) : null;
    this.labels = data.labels ? u8(data.labels) : null;
    this.holes = model.holes ? { n: model.holes.n, conf: u8(model.holes.conf), label: u8(model.holes.label) } : null;
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
    const [x0, x1] = this.m.xlim, [y0, y1] = this.m.ylim;
    return [((x - x0) / (x1 - x0)) * this.size, (1 - (y - y0) / (y1 - y0)) * this.size];
  }

  toData(px, py) {
    const [x0, x1] = this.m.xlim, [y0, y1] = this.m.ylim;
    return [x0 + (px / this.size) * (x1 - x0), y0 + (1 - py / this.size) * (y1 - y0)];
  }

  drawLayer(opts) {
    const ctx = this.lctx, S = this.size, m = this.m;
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
          const q = conf[i] / 255, hole = q < this.data.confidence;
          const [R, G, B] = hole ? [90, 90, 90] : hexToRgb(this.data.palette[label[i] % 10]);
          img.data.set([R, G, B, Math.round(255 * (hole ? 0.34 : 0.12 + 0.2 * q))], 4 * i);
        }
        this.holesImg.getContext("2d").putImageData(img, 0, 0);
      }
      const cell = S / (n - 1);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.holesImg, -cell / 2, -cell / 2, S + cell, S + cell);
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
      ctx.globalAlpha = opts.holes ? 0.55 : 0.7;
      for (let i = 0; i < n; i++) {
        const [px, py] = this.toPx(this.points[2 * i], this.points[2 * i + 1]);
        ctx.fillStyle = this.data.palette[(this.labels ? this.labels[i] : 0) % 10];
        ctx.fillRect(px - 1.3, py - 1.3, 2.6, 2.6);
      }
      ctx.globalAlpha = 1;
    }
    if (opts.density && this.density) {
      const { n, v } = this.density;
      const cell = S / n; // histogram cells (core.metrics.code_density): centres half a cell in
      ctx.strokeStyle = "rgba(0,0,0,0.75)";
      for (const [level, width] of [[0.08, 1], [0.3, 1.4], [0.65, 1.8]]) {
        ctx.lineWidth = width;
        ctx.beginPath();
        for (const [[c0, r0], [c1, r1]] of contours(v, n, level)) {
          ctx.moveTo((c0 + 0.5) * cell, (r0 + 0.5) * cell);
          ctx.lineTo((c1 + 0.5) * cell, (r1 + 0.5) * cell);
        }
        ctx.stroke();
      }
    }
    if (m.rings) {
      // N(0, I) at 1, 2, 3 sigma, on top of the points so that they never hide under a cloud
      const [cx, cy] = this.toPx(0, 0);
      for (const r of [1, 2, 3]) {
        const rx = (r / (m.xlim[1] - m.xlim[0])) * S, ry = (r / (m.ylim[1] - m.ylim[0])) * S;
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
    this.dirty = false;
  }

  render(opts) {
    if (this.dirty || opts.changed) this.drawLayer(opts);
    const ctx = this.ctx, S = this.size;
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
    const drawn = this.marks.drawn;
    if (drawn) {
      const [px, py] = this.toPx(drawn.p[0], drawn.p[1]);
      ctx.fillStyle = this.m.color;
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let i = 0; i < 10; i++) {
        const r = i % 2 ? 4 : 10, t = (i * Math.PI) / 5 - Math.PI / 2;
        ctx.lineTo(px + r * Math.cos(t), py + r * Math.sin(t));
      }
      ctx.closePath();
      ctx.stroke();
      ctx.fill();
      if (drawn.cov) {
        // the VAE's q(z|x): its 1σ and 2σ ellipses on this plane
        const [a, b, c] = drawn.cov; // [[a, b], [b, c]]
        const tr = (a + c) / 2, det = Math.sqrt(Math.max(0, ((a - c) / 2) ** 2 + b * b));
        const l1 = tr + det, l2 = Math.max(0, tr - det);
        const angle = Math.abs(b) < 1e-12 ? (a >= c ? 0 : Math.PI / 2) : Math.atan2(l1 - a, b);
        const sx = S / (this.m.xlim[1] - this.m.xlim[0]), sy = S / (this.m.ylim[1] - this.m.ylim[0]);
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

// a code of the model's full size for a point of its plane (through the plane's projection above two dimensions)
function planeToCode(m, p) {
  if (!m.proj) return Float32Array.from(p);
  const { mean, comps } = m.proj, z = new Float32Array(mean.length);
  for (let i = 0; i < mean.length; i++) z[i] = mean[i] + p[0] * comps[0][i] + p[1] * comps[1][i];
  return z;
}

function codeToPlane(m, z) {
  if (!m.proj) return [z[0], z[1]];
  const { mean, comps } = m.proj;
  let a = 0, b = 0;
  for (let i = 0; i < mean.length; i++) {
    a += (z[i] - mean[i]) * comps[0][i];
    b += (z[i] - mean[i]) * comps[1][i];
  }
  return [a, b];
}

function planeCov(m, logvar) {
  // [var_x, cov_xy, var_y] of diag(exp(logvar)) seen on the plane (P diag(σ²) Pᵀ)
  if (!m.proj) return [Math.exp(logvar[0]), 0, Math.exp(logvar[1])];
  const [p, q] = m.proj.comps;
  let a = 0, b = 0, c = 0;
  for (let i = 0; i < logvar.length; i++) {
    const v = Math.exp(logvar[i]);
    a += p[i] * p[i] * v;
    b += p[i] * q[i] * v;
    c += q[i] * q[i] * v;
  }
  return [a, b, c];
}

// ---- the latent page: three planes, hover to decode, a drawing pad ----------------------------------------------
class Latent {
  constructor(root, inst) {
    this.root = root;
    this.inst = inst;
    this.opts = { holes: false, density: false, linked: true };
    this.pending = null;
    this.padPending = false;
    this.busy = false;
  }

  build() {
    const d = this.inst.data, T = d.text;
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
    this.status = el("span", { class: "status", text: T.loading });
    bar.append(this.status);
    this.root.append(bar);
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
      const head = el("div", { class: "head" }, el("b", { text: m.title }), el("span", { class: "share", text: m.share_text || "" }));
      const col = el("div", { class: "col" }, head, plane.canvas, el("div", { class: "out" }, img, cap));
      col.style.width = size + "px";
      row.append(col);
      this.planes[m.id] = plane;
      this.views[m.id] = { img, cap };
      DEBUG.canvases[m.id] = img; // what tests and benches read back: the pixels the page drew
      DEBUG.canvases["plane-" + m.id] = plane.canvas;
      plane.canvas.addEventListener("pointermove", (e) => this.hover(m.id, e));
      plane.canvas.addEventListener("pointerdown", (e) => this.hover(m.id, e));
    }
    this.root.append(row);
    if (d.pad) this.buildPad();
    this.ro = new ResizeObserver(() => {
      const s = this.planeSize();
      if (Math.abs(s - this.planes[d.models[0].id].size) > 2) {
        for (const p of Object.values(this.planes)) {
          p.resize(s);
          p.canvas.parentElement.style.width = s + "px";
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
    const d = this.inst.data, T = d.text;
    this.pad = el("canvas", { class: "pad", "data-pad": "1" });
    this.padSide = 168;
    this.padCtx = hidpi(this.pad, this.padSide, this.padSide);
    this.ink = document.createElement("canvas"); // the strokes at a fixed resolution, whatever the screen's
    this.ink.width = this.ink.height = this.padSide;
    this.inkCtx = this.ink.getContext("2d", { willReadFrequently: true });
    this.clearPad();
    let drawing = false, last = null;
    const pos = (e) => {
      const r = this.pad.getBoundingClientRect();
      return [((e.clientX - r.left) / r.width) * this.padSide, ((e.clientY - r.top) / r.height) * this.padSide];
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
      this.padCtx.drawImage(this.ink, 0, 0, this.padSide, this.padSide);
      this.padPending = true;
      this.schedule();
    };
    this.pad.addEventListener("pointerdown", (e) => {
      drawing = true;
      this.pad.setPointerCapture(e.pointerId);
      last = pos(e);
      stroke(last, [last[0] + 0.01, last[1]]);
    });
    this.pad.addEventListener("pointermove", (e) => {
      if (!drawing) return;
      const p = pos(e);
      stroke(last, p);
      last = p;
    });
    const end = () => (drawing = false);
    this.pad.addEventListener("pointerup", end);
    this.pad.addEventListener("pointercancel", end);
    const clear = el("button", { type: "button", class: "btn", text: T.clear, onclick: () => this.clearPad(true) });
    this.padOut = el("div", { class: "padout" });
    this.padRecon = {};
    for (const m of d.models) {
      const c = el("canvas", { class: "recon", "data-recon": m.id, width: m.shape[2], height: m.shape[1] });
      this.padRecon[m.id] = c;
      this.padOut.append(el("div", { class: "rc" }, c, el("div", { class: "caption", text: m.title })));
    }
    this.form = el("canvas", { class: "recon", "data-form": "1", width: 28, height: 28 });
    this.loss = el("div", { class: "loss", text: T.pad_hint });
    const left = el("div", { class: "padcol" }, el("b", { text: T.pad_title }), this.pad, clear);
    const mid = el("div", { class: "rc" }, this.form, el("div", { class: "caption", text: T.as_mnist }));
    const right = el("div", { class: "padcol" }, el("b", { text: T.recons }), this.padOut, this.loss);
    this.root.append(el("div", { class: "padrow" }, left, mid, right));
  }

  clearPad(reset = false) {
    this.inkCtx.fillStyle = "#000";
    this.inkCtx.fillRect(0, 0, this.padSide, this.padSide);
    this.padCtx.drawImage(this.ink, 0, 0, this.padSide, this.padSide);
    if (reset) {
      for (const p of Object.values(this.planes)) p.marks.drawn = null;
      DEBUG.last.pad = null;
      this.loss.textContent = this.inst.data.text.pad_hint;
      this.redraw(false);
    }
  }

  hover(id, e) {
    const plane = this.planes[id];
    const r = plane.canvas.getBoundingClientRect();
    const p = plane.toData(((e.clientX - r.left) / r.width) * plane.size, ((e.clientY - r.top) / r.height) * plane.size);
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
    if (this.pending || (this.padPending && this.inst.has(this.inst.data.models.map((m) => m.encoder)))) this.schedule();
  }

  loaded() {
    if (this.padPending) this.schedule();
  }

  async decodeAt({ id, p, t0 }) {
    const d = this.inst.data, T = d.text;
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
      this.views[mid].cap.textContent = fill(m.proj ? T.decoded_proj : T.decoded, {
        x: fmt(this.inst, p[0]),
        y: fmt(this.inst, p[1]),
        r: fmt(this.inst, r, 1),
      });
      DEBUG.last[mid] = { plane: [p[0], p[1]], z: Array.from(z) };
      this.planes[mid].marks.hover = p;
    }
    for (const m of d.models) if (!ids.includes(m.id)) this.planes[m.id].marks.hover = null;
    this.redraw(false);
    timing("hover", performance.now() - start, { models: ids.length, since_event: performance.now() - t0 });
  }

  async encodePad() {
    const d = this.inst.data, T = d.text, side = this.padSide;
    const start = performance.now();
    const px = this.inkCtx.getImageData(0, 0, side, side).data;
    const grey = new Float32Array(side * side);
    for (let i = 0; i < grey.length; i++) grey[i] = px[4 * i] / 255;
    const x = mnistForm(grey, side, side, d.form);
    if (!x) return;
    paintImage(this.form, x, [1, 28, 28]);
    const last = { image: Array.from(x), codes: {}, plane: {} };
    let vaeLoss = null;
    for (const m of d.models) {
      const outs = await encode(this.inst, m.encoder, x, m.shape);
      const z = outs[0], p = codeToPlane(m, z);
      const mark = { p };
      if (m.variational) mark.cov = planeCov(m, outs[1]);
      this.planes[m.id].marks.drawn = mark;
      last.codes[m.id] = Array.from(z);
      last.plane[m.id] = p;
      if (m.variational) last.logvar = Array.from(outs[1]);
      const rec = await decode(this.inst, m.decoder, z, 1, z.length);
      paintImage(this.padRecon[m.id], rec, m.shape);
      if (m.variational) {
        let bce = 0, kl = 0;
        for (let i = 0; i < x.length; i++) {
          const q = Math.min(1 - 1e-6, Math.max(1e-6, rec[i]));
          bce -= x[i] * Math.log(q) + (1 - x[i]) * Math.log(1 - q);
        }
        for (let i = 0; i < z.length; i++) kl += -0.5 * (1 + outs[1][i] - z[i] * z[i] - Math.exp(outs[1][i]));
        vaeLoss = { recon: bce, kl };
      }
    }
    this.redraw(false);
    if (vaeLoss) {
      last.loss = vaeLoss;
      this.loss.textContent = fill(T.pad_loss, {
        recon: fmt(this.inst, vaeLoss.recon, 1),
        kl: fmt(this.inst, vaeLoss.kl, 1),
        total: fmt(this.inst, vaeLoss.recon + vaeLoss.kl, 1),
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
    this.status.className = "status " + (ok ? "ok" : "bad");
    if (ok && this.pending === null) {
      // show something at once: the decoded origin of every plane
      this.pending = { id: this.inst.data.models[0].id, p: [0, 0], t0: performance.now() };
      this.schedule();
    }
  }

  destroy() {
    if (this.ro) this.ro.disconnect();
  }
}

// ---- the training replay: AE and VAE codes epoch by epoch ------------------------------------------------------
class Replay {
  constructor(root, inst) {
    this.root = root;
    this.inst = inst;
    this.t = 0;
    this.playing = false;
  }

  build() {
    const d = this.inst.data, T = d.text;
    this.root.replaceChildren();
    this.E = d.epochs;
    this.planes = [];
    this.frames = [];
    const row = el("div", { class: "planes" });
    const size = Math.max(200, Math.min(420, Math.floor(((this.root.clientWidth || 900) - 40) / d.models.length) - 8));
    for (const m of d.models) {
      const plane = new Plane({ ...m, points: null }, d, size);
      plane.canvas.className = "plane replay";
      plane.canvas.setAttribute("data-model", "replay-" + m.id);
      this.planes.push(plane);
      this.frames.push(f32(m.points));
      row.append(el("div", { class: "col" }, el("div", { class: "head" }, el("b", { text: m.title })), plane.canvas));
    }
    this.labels = u8(d.labels);
    this.n = this.labels.length;
    this.play = el("button", { type: "button", class: "btn", "data-play": "1", text: T.play, onclick: () => this.toggle() });
    this.slider = el("input", { type: "range", min: "0", max: String(this.E), step: "0.01", value: "0", "data-epoch": "1" });
    this.slider.addEventListener("input", () => {
      this.playing = false;
      this.play.textContent = T.play;
      this.show(parseFloat(this.slider.value));
    });
    this.label = el("span", { class: "status" });
    this.root.append(el("div", { class: "bar" }, this.play, this.slider, this.label), row);
    this.show(0);
  }

  toggle() {
    const T = this.inst.data.text;
    this.playing = !this.playing;
    this.play.textContent = this.playing ? T.pause : T.play;
    if (this.playing) {
      if (this.t >= this.E) this.t = 0;
      let prev = performance.now();
      const step = (now) => {
        if (!this.playing) return;
        this.t = Math.min(this.E, this.t + (now - prev) / this.inst.data.ms_per_epoch);
        prev = now;
        this.slider.value = String(this.t);
        this.show(this.t);
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
    const T = this.inst.data.text, d = this.inst.data;
    const k = Math.min(this.E - 1, Math.floor(t)), f = Math.min(1, t - k), n = this.n;
    const e = Math.round(t);
    this.label.textContent = e === 0 ? T.before : fill(T.epoch, { e: String(e), E: String(this.E) });
    this.planes.forEach((plane, j) => {
      const fr = this.frames[j], a = k * n * 2, b = (k + 1) * n * 2;
      plane.render({ changed: false });
      const ctx = plane.ctx;
      ctx.globalAlpha = 0.75;
      for (let i = 0; i < n; i++) {
        const x = fr[a + 2 * i] * (1 - f) + fr[b + 2 * i] * f, y = fr[a + 2 * i + 1] * (1 - f) + fr[b + 2 * i + 1] * f;
        const [px, py] = plane.toPx(x, y);
        ctx.fillStyle = d.palette[this.labels[i] % 10];
        ctx.fillRect(px - 1.4, py - 1.4, 2.8, 2.8);
      }
      ctx.globalAlpha = 1;
    });
    DEBUG.last.replay = { t };
  }
}

// ---- faces: the conv decoders in the page ---------------------------------------------------------------------
class Faces {
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
  }

  buildSliders() {
    const d = this.inst.data, s = d.sliders;
    this.z = f32(s.base).slice();
    const box = el("div", { class: "sliders" });
    this.face = el("canvas", { class: "face", "data-face": "sliders" });
    DEBUG.canvases.face = this.face;
    s.dims.forEach((j, i) => {
      const input = el("input", { type: "range", min: String(s.min), max: String(s.max), step: "0.01", "data-dim": String(j) });
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
    this.root.append(el("div", { class: "facerow" }, box, el("div", { class: "rc" }, this.face, el("div", { class: "caption", text: d.title }))));
  }

  buildInterp() {
    const d = this.inst.data;
    this.strips = {};
    const t = el("input", { type: "range", min: "0", max: "1", step: "0.01", value: "0.5", "data-morph": "1" });
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
    const row = el("div", { class: "planes" });
    for (const m of d.models) {
      const c = el("canvas", { class: "grid", "data-grid": m.id });
      this.grids[m.id] = c;
      row.append(el("div", { class: "col" }, el("b", { text: m.title }), c));
    }
    const btn = el("button", { type: "button", class: "btn", "data-new": "1", text: d.text.new_faces, onclick: () => {
      this.seed += 1;
      this.want();
    } });
    this.root.append(el("div", { class: "bar" }, btn, el("span", { class: "status", text: d.text.draws_note })), row);
  }

  want() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(async () => {
      this.frame = null;
      if (this.busy || !this.inst.ready) return;
      this.busy = true;
      try {
        await this.draw();
      } finally {
        this.busy = false;
      }
    });
  }

  async draw() {
    const d = this.inst.data, shape = d.shape, dim = d.d;
    if (d.part === "sliders") {
      const t = performance.now();
      const img = await decode(this.inst, d.decoder, this.z, 1, dim);
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
        paintImage(s.morph, img, shape);
        timing("face", performance.now() - t, { part: "morph", model: m.id });
      }
      this.stripsDone = true;
    } else if (d.part === "draws") {
      const n = d.n, z = gaussian(n * dim, this.seed);
      for (const m of d.models) {
        const t = performance.now();
        const imgs = await decode(this.inst, m.decoder, z, n, dim);
        mosaic(this.grids[m.id], imgs, shape, n, d.cols);
        timing("faces", performance.now() - t, { model: m.id, n });
      }
      DEBUG.last.draws = { seed: this.seed };
    }
  }

  ready() {
    this.want();
  }
}

function mosaic(canvas, imgs, shape, n, cols) {
  const [c, h, w] = shape, rows = Math.ceil(n / cols);
  canvas.width = cols * w;
  canvas.height = rows * h;
  const tile = document.createElement("canvas");
  for (let k = 0; k < n; k++) {
    paintImage(tile, imgs, shape, k * c * h * w);
    canvas.getContext("2d").drawImage(tile, (k % cols) * w, Math.floor(k / cols) * h);
  }
}

function gaussian(n, seed) {
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
    const u = Math.max(rnd(), 1e-12), v = rnd(), r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

// ---- the component ---------------------------------------------------------------------------------------------
const MODES = { latent: Latent, replay: Replay, faces: Faces };

function graphIds(data) {
  if (data.mode === "latent") return data.models.map((m) => m.decoder); // encoders: when the pad is first used
  if (data.mode === "faces") return data.part === "sliders" ? [data.decoder] : data.models.map((m) => m.decoder);
  return [];
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let inst = parentElement.__aevae;
  const fresh = !inst || inst.data.build !== data.build;
  if (!inst) {
    timing("mount", 0, { mode: data.mode });
    inst = parentElement.__aevae = { asked: "", sessions: null };
    inst.root = el("div", { class: "lab" });
    parentElement.appendChild(inst.root);
  }
  inst.data = data;
  inst.need = (ids) => {
    // tell the server which graphs this browser lacks (once per change: every state change is a rerun)
    const want = [...new Set(ids)].sort().join(" ");
    if (want !== inst.asked) {
      inst.asked = want;
      setStateValue("need", want ? want.split(" ") : []);
    }
  };
  if (fresh) {
    if (inst.view && inst.view.destroy) inst.view.destroy();
    inst.sessions = {};
    inst.ready = false;
    inst.extra = new Set();
    inst.view = new MODES[data.mode](inst.root, inst);
    inst.view.build();
  }
  inst.has = (ids) => ids.every((id) => id in inst.sessions);
  inst.want = (ids) => {
    const before = inst.extra.size;
    ids.forEach((id) => inst.extra.add(id));
    if (inst.extra.size > before) inst.load();
  };
  inst.load = () => {
    const base = graphIds(inst.data), ids = [...new Set([...base, ...inst.extra])];
    if (!ids.length) return;
    graphs(inst, ids)
      .then((sessions) => {
        Object.assign(inst.sessions, sessions);
        if (!inst.ready && inst.has(base)) {
          inst.ready = true;
          if (inst.view.ready) inst.view.ready(true, inst.data.text.ready);
        }
        if (inst.view.loaded) inst.view.loaded();
      })
      .catch((e) => {
        if (inst.view.ready) inst.view.ready(false, inst.data.text.failed);
        setStateValue("unavailable", String(e && e.message ? e.message : e).slice(0, 200));
      });
  };
  inst.load();
  // No cleanup: Streamlit calls this again with new data on the same element, and the element, its canvases and
  // its observer go away together when the component is unmounted.
}
