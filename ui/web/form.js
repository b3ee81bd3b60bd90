// MNIST's form for a drawing, written as core/digits.py's mnist_form is (tests/test_form_js.py runs both on the
// same images): crop to the ink, fit into box x box by area resampling, put the centre of mass on the middle pixel.

function areaWeights(nIn, nOut) {
  // w[o][i]: how much of input cell i output cell o covers, as a share of the output cell
  const step = nIn / nOut;
  const w = [];
  for (let o = 0; o < nOut; o++) {
    const lo = o * step,
      hi = (o + 1) * step,
      row = new Float64Array(nIn);
    for (let i = Math.floor(lo); i < Math.min(nIn, Math.ceil(hi)); i++) {
      row[i] = Math.max(0, Math.min(hi, i + 1) - Math.max(lo, i)) / step;
    }
    w.push(row);
  }
  return w;
}

export function areaResize(a, h, w, oh, ow) {
  // a: Float32Array/Float64Array of h*w (row-major) -> Float64Array of oh*ow
  const wy = areaWeights(h, oh),
    wx = areaWeights(w, ow);
  const tmp = new Float64Array(oh * w);
  for (let o = 0; o < oh; o++) {
    const r = wy[o];
    for (let i = 0; i < h; i++) {
      const k = r[i];
      if (k === 0) continue;
      for (let x = 0; x < w; x++) tmp[o * w + x] += k * a[i * w + x];
    }
  }
  const out = new Float64Array(oh * ow);
  for (let o = 0; o < ow; o++) {
    const r = wx[o];
    for (let x = 0; x < w; x++) {
      const k = r[x];
      if (k === 0) continue;
      for (let y = 0; y < oh; y++) out[y * ow + o] += k * tmp[y * w + x];
    }
  }
  return out;
}

export function mnistForm(a, h, w, form) {
  // a: light-on-dark grey in [0, 1], h*w row-major -> Float32Array(side*side), or null when there is no ink;
  // form: core.digits.FORM, sent by the page (one definition of the constants)
  const { side, box, ink } = form;
  let y0 = h,
    y1 = -1,
    x0 = w,
    x1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (a[y * w + x] > ink) {
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
      }
    }
  }
  if (y1 < 0) return null;
  const ch = y1 - y0 + 1,
    cw = x1 - x0 + 1,
    crop = new Float64Array(ch * cw);
  for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) crop[y * cw + x] = a[(y0 + y) * w + x0 + x];
  const scale = box / Math.max(ch, cw);
  const dh = Math.max(1, Math.floor(ch * scale + 0.5)),
    dw = Math.max(1, Math.floor(cw * scale + 0.5));
  const digit = areaResize(crop, ch, cw, dh, dw);
  let mass = 0,
    my = 0,
    mx = 0;
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const v = Math.min(1, Math.max(0, digit[y * dw + x]));
      digit[y * dw + x] = v;
      mass += v;
      my += v * y;
      mx += v * x;
    }
  }
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const top = clamp(Math.floor(side / 2 - my / mass + 0.5), 0, side - dh);
  const left = clamp(Math.floor(side / 2 - mx / mass + 0.5), 0, side - dw);
  const out = new Float32Array(side * side);
  for (let y = 0; y < dh; y++) for (let x = 0; x < dw; x++) out[(top + y) * side + left + x] = digit[y * dw + x];
  return out;
}
