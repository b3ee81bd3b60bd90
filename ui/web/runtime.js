// The runtime and the graphs: each graph sent once per browser and kept in IndexedDB; a compact graph (the dense
// models and the digit judge) runs in the page's own engine (engine.js), an ONNX graph (the convolutional models)
// in onnxruntime-web, loaded from this server only when a page has one, one run at a time per session; the bytes the
// page sends (base64), and the timings tests read.
import { isCompact, parseCompact, runCompact } from "./engine.js";

const S = {
  ort: null, // Promise of the onnxruntime-web module
  sessions: new Map(), // graph id -> Promise<InferenceSession>
  queue: new Map(), // graph id -> Promise chain: one run at a time per session
  idb: null,
};
// what tests and benches read back (globalThis.__aevae): the timings, the last results, the canvases drawn
globalThis.__aevae ??= { timings: [], last: {}, canvases: {} };
export const DEBUG = globalThis.__aevae;
const MAX_TIMINGS = 2000;

export function timing(kind, ms, extra = {}) {
  DEBUG.timings.push({ kind, ms, t: performance.now(), ...extra });
  if (DEBUG.timings.length > MAX_TIMINGS) DEBUG.timings.splice(0, DEBUG.timings.length - MAX_TIMINGS);
}

// ---- bytes ------------------------------------------------------------------------------------------------
export function b64bytes(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
export const f32 = (s) => new Float32Array(b64bytes(s).buffer);
export const u8 = (s) => b64bytes(s);
export const q16 = ({ q, scale }) => Float32Array.from(new Int16Array(b64bytes(q).buffer), (v) => v * scale);

// ---- the runtime and the graphs ---------------------------------------------------------------------------
function runtime(base) {
  if (!S.ort) {
    base = new URL(base, location.href).href; // a module made from inline code resolves nothing relative to the page
    S.ort = (async () => {
      if (typeof WebAssembly !== "object") throw new Error("this browser has no WebAssembly");
      const t = performance.now();
      const ort = await import(`${base}ort.wasm.min.mjs`);
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
      } catch {
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

async function idbDelete(id) {
  const db = await idb();
  if (!db) return;
  await new Promise((resolve) => {
    const tx = db.transaction("graphs", "readwrite");
    tx.objectStore("graphs").delete(id);
    tx.oncomplete = tx.onerror = tx.onabort = () => resolve();
  });
}

async function session(base, id, bytes) {
  if (!S.sessions.has(id)) {
    S.sessions.set(
      id,
      (async () => {
        const t = performance.now();
        if (isCompact(bytes)) {
          const g = await parseCompact(bytes);
          timing("session", performance.now() - t, { graph: id, bytes: bytes.length, engine: "compact" });
          return { compact: g };
        }
        const ort = await runtime(base);
        const sess = await ort.InferenceSession.create(bytes, {
          executionProviders: ["wasm"],
          graphOptimizationLevel: "all",
        });
        timing("session", performance.now() - t, { graph: id, bytes: bytes.length });
        return sess;
      })(),
    );
    S.sessions.get(id).catch(() => S.sessions.delete(id));
  }
  return S.sessions.get(id);
}

// A graph as a file (ui.server: /aevae/graph/<id>, bytes, cached by the browser for good); null when the server has
// no such route or no such graph (another replica, a restarted server).
async function fetchGraph(inst, id) {
  if (!inst.data.graph_url) return null;
  try {
    const t = performance.now();
    const r = await fetch(inst.data.graph_url + encodeURIComponent(id));
    if (!r.ok) return null;
    const bytes = new Uint8Array(await r.arrayBuffer());
    timing("fetch", performance.now() - t, { graph: id, bytes: bytes.length });
    return bytes;
  } catch {
    return null;
  }
}

// Each graph is fetched as a file where the server has the route, else sent by the server once per browser: on the first visit the component asks for the ones it lacks
// (state "need"), the server adds them to the next data, the component keeps them in IndexedDB and says it needs
// nothing more. Later visits (other tabs, other days) load them from IndexedDB: no model bytes are sent again.
// Returns the sessions it could make and the ids still missing. A cached copy that no longer makes a session (a
// damaged entry) is deleted and asked for again; one the server has just sent that fails is a real failure.
export async function graphs(inst, ids) {
  const base = inst.data.ort;
  const sessions = {},
    missing = [];
  await Promise.all(
    ids.map(async (id) => {
      const sent = inst.data.graphs?.[id];
      if (S.sessions.has(id) || sent) {
        const bytes = S.sessions.has(id) ? null : b64bytes(sent);
        if (bytes) idbPut(id, bytes);
        sessions[id] = await session(base, id, bytes);
        return;
      }
      const cached = await idbGet(id);
      if (!cached) {
        const got = await fetchGraph(inst, id); // as a file from the server; failing that, asked for by the page
        if (!got) return missing.push(id);
        idbPut(id, got);
        sessions[id] = await session(base, id, got);
        return;
      }
      try {
        sessions[id] = await session(base, id, cached);
      } catch (e) {
        if (typeof WebAssembly !== "object") throw e; // no runtime at all: not the entry's fault
        await idbDelete(id);
        missing.push(id);
      }
    }),
  );
  return { sessions, missing };
}

async function run(sess, id, feeds) {
  // one run at a time per session (onnxruntime-web refuses overlapping runs of one session)
  const prev = S.queue.get(id) || Promise.resolve();
  const next = prev.then(() => sess.run(feeds));
  S.queue.set(
    id,
    next.catch(() => null),
  );
  return next;
}

export async function decode(inst, id, z, n, d) {
  const sess = inst.sessions[id];
  if (sess.compact) return runCompact(sess.compact, z, n)[0];
  const ort = await runtime(inst.data.ort);
  const out = await run(sess, id, { [sess.inputNames[0]]: new ort.Tensor("float32", z, [n, d]) });
  return out[sess.outputNames[0]].data;
}

export async function encode(inst, id, x, shape) {
  const sess = inst.sessions[id];
  if (sess.compact) return runCompact(sess.compact, x, 1);
  const ort = await runtime(inst.data.ort);
  const out = await run(sess, id, { [sess.inputNames[0]]: new ort.Tensor("float32", x, [1, ...shape]) });
  return sess.outputNames.map((name) => out[name].data);
}
