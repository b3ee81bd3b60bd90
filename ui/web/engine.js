// The page's own small engine for the lab's compact graphs (core/export.py: b"AEVW", a JSON header, the weights
// deflated): dense layers, ReLU, sigmoid, softmax, 2-D convolutions and 2 x 2 max pooling, in float32. It runs the
// dense AE and VAE, PCA and the digit judge, so the latent page needs no 3.7 MB WebAssembly runtime; the
// convolutional face models still go through onnxruntime-web. core.export.run_compact is the same in numpy.

const COMPACT_MAGIC = "AEVW";

export function isCompact(bytes) {
  return bytes.length > 8 && String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) === COMPACT_MAGIC;
}

// float16 bits -> float32, exactly (subnormals, infinities and NaN included)
export function halfFloat(bits) {
  const s = bits & 0x8000 ? -1 : 1,
    e = (bits >> 10) & 0x1f,
    m = bits & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

let HALF_TABLE = null; // all 65,536 float16 values as float32, made once
function halfTable() {
  if (!HALF_TABLE) {
    HALF_TABLE = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) HALF_TABLE[i] = halfFloat(i);
  }
  return HALF_TABLE;
}

async function inflateBytes(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// A weight's bytes come plane by plane (all first bytes, then all second bytes...): put them back together.
export function compactWeight(blob, t) {
  const size = t.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  if (t.dtype === "f16") {
    const table = halfTable(),
      lo = t.offset,
      hi = t.offset + size;
    for (let i = 0; i < size; i++) out[i] = table[blob[lo + i] | (blob[hi + i] << 8)];
  } else {
    const word = new Uint8Array(4),
      view = new DataView(word.buffer);
    for (let i = 0; i < size; i++) {
      for (let k = 0; k < 4; k++) word[k] = blob[t.offset + k * size + i];
      out[i] = view.getFloat32(0, true);
    }
  }
  return out;
}

// The graph: its header and its weights as Float32Arrays.
export async function parseCompact(bytes) {
  if (!isCompact(bytes)) throw new Error("not a compact graph");
  const n = new DataView(bytes.buffer, bytes.byteOffset + 4, 4).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  const blob = await inflateBytes(bytes.subarray(8 + n));
  return { header, weights: header.tensors.map((t) => compactWeight(blob, t)) };
}

function denseLayer(a, n, W, b, shapeW) {
  const [out, inp] = shapeW,
    y = new Float32Array(n * out);
  for (let s = 0; s < n; s++) {
    const x0 = s * inp;
    for (let o = 0; o < out; o++) {
      let acc = b[o];
      const w0 = o * inp;
      for (let i = 0; i < inp; i++) acc += W[w0 + i] * a[x0 + i];
      y[s * out + o] = acc;
    }
  }
  return y;
}

function convLayer(a, n, shape, W, b, shapeW, pad) {
  const [co, ci, k] = shapeW,
    [, h, w] = shape;
  const oh = h + 2 * pad - k + 1,
    ow = w + 2 * pad - k + 1,
    y = new Float32Array(n * co * oh * ow);
  for (let s = 0; s < n; s++) {
    const xs = s * ci * h * w,
      ys = s * co * oh * ow;
    for (let o = 0; o < co; o++) {
      for (let r = 0; r < oh; r++) {
        for (let c = 0; c < ow; c++) {
          let acc = b[o];
          for (let i = 0; i < ci; i++) {
            const xi = xs + i * h * w,
              wi = (o * ci + i) * k * k;
            for (let u = 0; u < k; u++) {
              const rr = r + u - pad;
              if (rr < 0 || rr >= h) continue;
              for (let v = 0; v < k; v++) {
                const cc = c + v - pad;
                if (cc >= 0 && cc < w) acc += W[wi + u * k + v] * a[xi + rr * w + cc];
              }
            }
          }
          y[ys + (o * oh + r) * ow + c] = acc;
        }
      }
    }
  }
  return { y, shape: [co, oh, ow] };
}

function maxPool2(a, n, shape) {
  const [c, h, w] = shape,
    oh = h >> 1,
    ow = w >> 1,
    y = new Float32Array(n * c * oh * ow);
  for (let p = 0; p < n * c; p++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        const i = p * h * w + 2 * r * w + 2 * q;
        y[(p * oh + r) * ow + q] = Math.max(a[i], a[i + 1], a[i + w], a[i + w + 1]);
      }
    }
  }
  return { y, shape: [c, oh, ow] };
}

function applyLayers(g, a, n, shape, layers) {
  const W = g.weights,
    T = g.header.tensors;
  for (const layer of layers) {
    switch (layer.op) {
      case "linear":
        a = denseLayer(a, n, W[layer.w], W[layer.b], T[layer.w].shape);
        shape = [T[layer.w].shape[0]];
        break;
      case "relu":
        a = a.map((v) => Math.max(v, 0));
        break;
      case "sigmoid":
        a = a.map((v) => 1 / (1 + Math.exp(-v)));
        break;
      case "clamp01":
        a = a.map((v) => Math.min(1, Math.max(0, v)));
        break;
      case "softmax": {
        const k = a.length / n;
        for (let s = 0; s < n; s++) {
          const row = a.subarray(s * k, (s + 1) * k),
            top = Math.max(...row);
          let sum = 0;
          for (let i = 0; i < k; i++) sum += row[i] = Math.exp(row[i] - top);
          for (let i = 0; i < k; i++) row[i] /= sum;
        }
        break;
      }
      case "conv":
        ({ y: a, shape } = convLayer(a, n, shape, W[layer.w], W[layer.b], T[layer.w].shape, layer.pad));
        break;
      case "maxpool2":
        ({ y: a, shape } = maxPool2(a, n, shape));
        break;
      default:
        throw new Error(`unknown layer ${layer.op}`);
    }
  }
  return { a, shape };
}

// Run a parsed graph on n inputs (flat, float32): its outputs in the ONNX graph's order, each flat.
export function runCompact(g, x, n) {
  const h = g.header;
  const { a, shape } = applyLayers(g, Float32Array.from(x), n, h.input, h.layers);
  if (!h.heads) return [a];
  return h.heads.map((layers) => applyLayers(g, a, n, shape, layers).a);
}
