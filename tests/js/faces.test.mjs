// The seeded normal draws behind "new faces" (ui/web/faces.js): the same seed, the same faces, without the server.
import assert from "node:assert/strict";
import { test } from "node:test";
import { gaussian } from "../../ui/web/faces.js";

test("the same seed draws the same codes, another seed others", () => {
  assert.deepEqual(gaussian(64, 3), gaussian(64, 3));
  assert.notDeepEqual(gaussian(64, 3), gaussian(64, 4));
  assert.equal(gaussian(7, 1).length, 7); // an odd count: the last pair is half used
  assert.deepEqual(Array.from(gaussian(7, 1)), Array.from(gaussian(8, 1).subarray(0, 7)));
});

test("the draws are standard normal", () => {
  const n = 40000,
    z = gaussian(n, 11);
  const mean = z.reduce((s, v) => s + v, 0) / n;
  const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  assert.ok(z.every(Number.isFinite));
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`); // 6 standard errors (1 / sqrt(n) = 0.005)
  assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
  const within1 = z.filter((v) => Math.abs(v) < 1).length / n; // 68.3% within one sigma
  assert.ok(Math.abs(within1 - 0.6827) < 0.015, `within 1 sigma ${within1}`);
  let pairs = 0; // the two draws of each Box-Muller pair are independent: no correlation
  for (let i = 0; i < n; i += 2) pairs += z[i] * z[i + 1];
  assert.ok(Math.abs(pairs / (n / 2)) < 0.04, `correlation ${pairs / (n / 2)}`);
});
