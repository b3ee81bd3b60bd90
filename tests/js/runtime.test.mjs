// The bytes the server sends (ui.lab.b64 / b64q) as the component reads them (ui/web/runtime.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { b64bytes, DEBUG, f32, q16, timing, u8 } from "../../ui/web/runtime.js";

test("base64 to bytes, float32 and uint8", () => {
  assert.deepEqual(Array.from(b64bytes("AAf/")), [0, 7, 255]);
  assert.deepEqual(Array.from(u8("AAf/")), [0, 7, 255]);
  assert.deepEqual(Array.from(f32("AACAPwAAIMAAAAA+")), [1, -2.5, 0.125]); // little-endian float32, as numpy writes
  assert.deepEqual(Array.from(f32("")), []);
});

test("16-bit coordinates times their scale", () => {
  // ui.lab.b64q: int16 values and one scale (the largest value maps to 32767)
  const got = q16({ q: "/38AwAAA", scale: 0.001 }); // [32767, -16384, 0]
  assert.ok(got instanceof Float32Array);
  assert.deepEqual(Array.from(got), [32.767, -16.384, 0].map(Math.fround));
});

test("timings are kept for tests and benches, the latest 2000", () => {
  assert.equal(globalThis.__aevae, DEBUG); // what tests/test_browser_lab.py and bench/browser_models.py read
  DEBUG.timings.length = 0;
  for (let i = 0; i < 2005; i++) timing("hover", i, { model: "ae" });
  assert.equal(DEBUG.timings.length, 2000);
  assert.equal(DEBUG.timings[0].ms, 5);
  assert.deepEqual(Object.keys(DEBUG.timings[1999]).sort(), ["kind", "model", "ms", "t"]);
});
