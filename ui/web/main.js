// The lab's models in the page: onnxruntime-web runs each model's ONNX encoder and decoder, so hovering a latent
// plane, drawing a digit, playing a training replay and dragging a face slider answer without a server round trip.
// A Streamlit custom component (st.components.v2): this module is its entry; ui/lab.py builds its data and joins
// this module and the ones it imports into one script (ui.lab.bundle).

import { el } from "./draw.js";
import { Faces } from "./faces.js";
import { Latent } from "./latent.js";
import { Novelty } from "./novelty.js";
import { Replay } from "./replay.js";
import { graphs, timing } from "./runtime.js";

const MODES = { latent: Latent, replay: Replay, faces: Faces, novelty: Novelty };
const ASK_GAP_MS = 150;
const ASK_AGAIN_MS = 5000; // then 10, 20, 40 and 80 s
const MAX_ASKS = 5;
let NEXT_ASK = 0; // when the next ask of any component of this page may leave
const SHARE_WAIT_MS = 8000; // a graph another component of this page asked for: wait this long for its copy
const ASKED = new Map(); // graph id -> when a component of this page last asked the server for it

// Of the graphs a component lacks, those it asks the server for itself, and those another component of this page
// asked for within SHARE_WAIT_MS (their session, made when that answer comes, serves every component of the
// page): on a first visit the faces page's four parts would otherwise each be sent the VAE decoder.
export function split(missing, asked, now, mine = new Set()) {
  const ask = [],
    wait = [];
  for (const id of missing) {
    const a = asked.get(id); // { t, root }: when, and the part that asked (gone with its page: not waited for)
    const live = a !== undefined && a.root?.isConnected !== false;
    (live && !mine.has(id) && now - a.t < SHARE_WAIT_MS ? wait : ask).push(id);
  }
  return { ask, wait };
}

// The graphs a view needs before it is ready.
export function graphIds(data) {
  if (data.mode === "latent") return data.models.map((m) => m.decoder); // encoders: when the pad is first used
  if (data.mode === "faces") return data.part === "sliders" ? [data.decoder] : data.models.map((m) => m.decoder);
  if (data.mode === "novelty") return data.models.flatMap((m) => [m.encoder, m.decoder]);
  return [];
}

// The graphs the component says it lacks, as one key: each id once, sorted (a set asked for once is not asked again).
export const askKey = (ids) => [...new Set(ids)].sort().join(" ");

// The state "need" for a key: its ids, and from the second ask on a count "#n" that ui.lab.mount drops, so that the
// state changes (a change reruns the fragment) while the ids stay the same.
export function needState(key, asks) {
  const ids = key ? key.split(" ") : [];
  return asks ? [...ids, `#${asks}`] : ids;
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let inst = parentElement.__aevae;
  const fresh = !inst || inst.data.build !== data.build;
  if (!inst) {
    timing("mount", 0, { mode: data.mode });
    inst = parentElement.__aevae = { asked: "", sessions: null, gen: 0 };
    inst.root = el("div", { class: "lab" });
    parentElement.appendChild(inst.root);
  }
  inst.data = data;
  timing("render", 0, { mode: data.mode, part: data.part || "", sent: Object.keys(data.graphs || {}).length });
  inst.need = (ids) => {
    // tell the server which graphs this browser lacks (once per change: every state change is a rerun)
    const want = askKey(ids);
    if (want !== inst.asked) {
      // a new ask: marked at once (the page's other parts then wait for its answer), by this part while it lives
      for (const id of ids) ASKED.set(id, { t: performance.now(), root: inst.root });
      inst.asked = want;
      inst.asks = 0;
      inst.ask();
    }
  };
  inst.set = setStateValue;
  inst.ask = () => {
    // Each state change is a rerun of the component's fragment. The asks of several components leave ASK_GAP_MS
    // apart: Streamlit drops some of the fragment reruns asked for in one moment (the faces page's three components
    // on a first visit: one in two visits lost one). Until the graphs come, ask again, later each time, with a count
    // the server ignores.
    clearTimeout(inst.retry);
    clearTimeout(inst.sending);
    const now = performance.now(),
      at = Math.max(now, NEXT_ASK);
    NEXT_ASK = at + ASK_GAP_MS;
    inst.sending = setTimeout(() => {
      if (!inst.root.isConnected) return; // the page was left meanwhile: its fragment is gone
      const ids = needState(inst.asked, 0);
      timing("need", 0, { mode: inst.data.mode, part: inst.data.part || "", n: ids.length, ask: inst.asks });
      inst.set("need", needState(inst.asked, inst.asks));
      if (ids.length && inst.asks < MAX_ASKS) {
        inst.retry = setTimeout(
          () => {
            inst.asks += 1;
            inst.ask();
          },
          ASK_AGAIN_MS * 2 ** inst.asks,
        );
      }
    }, at - now);
  };
  const sent = Object.keys(data.graphs || {});
  const asked = needState(inst.asked, 0);
  if (asked.length && asked.every((id) => sent.includes(id))) clearTimeout(inst.retry); // they came
  if (fresh) {
    inst.view?.destroy?.();
    inst.sessions = {};
    inst.ready = false;
    inst.extra = new Set();
    inst.view = new MODES[data.mode](inst.root, inst);
    inst.view.build();
  }
  inst.has = (ids) => ids.every((id) => id in inst.sessions);
  inst.want = (ids) => {
    const before = inst.extra.size;
    for (const id of ids) inst.extra.add(id);
    if (inst.extra.size > before) inst.load();
  };
  inst.load = () => {
    // Loads overlap (new data arrives while IndexedDB is read): only the latest may answer, so that an older one
    // never clears a request the newer one made, nor declares a view ready that it did not load for.
    const gen = ++inst.gen;
    const base = graphIds(inst.data),
      ids = [...new Set([...base, ...inst.extra])];
    if (!ids.length) return;
    graphs(inst, ids)
      .then(({ sessions, missing }) => {
        if (gen !== inst.gen) return;
        const { ask, wait } = split(missing, ASKED, performance.now(), new Set(needState(inst.asked, 0)));
        inst.need(ask);
        clearTimeout(inst.share);
        if (wait.length) inst.share = setTimeout(() => inst.load(), 400); // another part's copy may be here then
        Object.assign(inst.sessions, sessions);
        if (!inst.ready && inst.has(base)) {
          inst.ready = true;
          if (inst.view.ready) inst.view.ready(true, inst.data.text.ready);
        }
        if (inst.view.loaded) inst.view.loaded();
      })
      .catch((e) => {
        if (gen !== inst.gen) return;
        if (inst.view.ready) inst.view.ready(false, inst.data.text.failed);
        setStateValue("unavailable", String(e?.message || e).slice(0, 200));
      });
  };
  inst.load();
  // No cleanup: Streamlit calls this again with new data on the same element, and the element, its canvases and
  // its observer go away together when the component is unmounted.
}
