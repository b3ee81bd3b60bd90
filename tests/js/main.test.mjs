// What the component asks the server for (ui/web/main.js): the graphs a view needs, and the state "need" that
// ui.lab.mount reads (graph ids, plus a "#n" count it drops).
import assert from "node:assert/strict";
import { test } from "node:test";
import { askKey, graphIds, needState } from "../../ui/web/main.js";

const models = [
  { id: "ae", encoder: "ae.1.v1.encoder", decoder: "ae.1.v1.decoder" },
  { id: "vae", encoder: "vae.2.v1.encoder", decoder: "vae.2.v1.decoder" },
];

test("each view needs its decoders first", () => {
  assert.deepEqual(graphIds({ mode: "latent", models }), ["ae.1.v1.decoder", "vae.2.v1.decoder"]); // pad: later
  assert.deepEqual(graphIds({ mode: "faces", part: "sliders", decoder: "f.3.v1.decoder" }), ["f.3.v1.decoder"]);
  assert.deepEqual(graphIds({ mode: "faces", part: "interp", models }), ["ae.1.v1.decoder", "vae.2.v1.decoder"]);
  assert.deepEqual(graphIds({ mode: "faces", part: "draws", models }), ["ae.1.v1.decoder", "vae.2.v1.decoder"]);
  assert.deepEqual(graphIds({ mode: "replay", models }), []); // the replay draws stored codes, no model
});

test("a set of graphs is one key, whatever the order and repeats", () => {
  assert.equal(askKey(["b.dec", "a.enc", "b.dec"]), "a.enc b.dec");
  assert.equal(askKey(["a.enc", "b.dec"]), askKey(["b.dec", "a.enc"]));
  assert.equal(askKey([]), "");
});

test("the state need: the ids, then the ids and a count the server drops", () => {
  const key = askKey(["vae.2.v1.decoder", "ae.1.v1.decoder"]);
  assert.deepEqual(needState(key, 0), ["ae.1.v1.decoder", "vae.2.v1.decoder"]);
  const again = needState(key, 2);
  assert.deepEqual(again, ["ae.1.v1.decoder", "vae.2.v1.decoder", "#2"]);
  assert.notDeepEqual(again, needState(key, 1)); // each ask again changes the state: a rerun
  // ui.lab.mount keeps the strings that do not start with "#": the same ids as the first ask
  assert.deepEqual(
    again.filter((g) => !g.startsWith("#")),
    needState(key, 0),
  );
  assert.deepEqual(needState("", 0), []); // nothing lacking: an empty need
});

test("a graph another part of the page asked for is waited for, not asked again, for a while", async () => {
  const { split } = await import("../../ui/web/main.js");
  const asked = new Map([
    ["vae.dec", { t: 1000, root: { isConnected: true } }],
    ["old.dec", { t: -6000, root: { isConnected: true } }],
    ["gone.dec", { t: 2000, root: { isConnected: false } }],
  ]);
  assert.deepEqual(split(["gone.dec"], asked, 3000), { ask: ["gone.dec"], wait: [] }); // its part left the page
  const got = split(["vae.dec", "ae.dec", "old.dec"], asked, 3000);
  assert.deepEqual(got, { ask: ["ae.dec", "old.dec"], wait: ["vae.dec"] }); // old.dec: asked 9 s ago, no copy came
  assert.deepEqual(split(["vae.dec"], asked, 9500), { ask: ["vae.dec"], wait: [] }); // no copy after 8.5 s: ask
  assert.deepEqual(split(["vae.dec"], asked, 3000, new Set(["vae.dec"])), { ask: ["vae.dec"], wait: [] }); // its own
});
