// The drawing pad's MNIST form (ui/web/form.js) on images whose answer is known by hand; tests/test_form_js.py
// compares it with core.digits.mnist_form on random ones.
import assert from "node:assert/strict";
import { test } from "node:test";
import { areaResize, mnistForm } from "../../ui/web/form.js";

const FORM = { side: 28, box: 20, ink: 0.1 }; // core.digits.FORM

const close = (got, want, tol = 1e-12) => {
  assert.equal(got.length, want.length);
  for (const [i, v] of Array.from(got).entries())
    assert.ok(Math.abs(v - want[i]) <= tol, `at ${i}: ${v} != ${want[i]}`);
};

test("area resizing averages whole and partial cells", () => {
  // 4 x 4 -> 2 x 2: each output pixel is the mean of a 2 x 2 block
  close(
    areaResize(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]), 4, 4, 2, 2),
    [3.5, 5.5, 11.5, 13.5],
  );
  // 1 x 3 -> 1 x 2: the middle input pixel is split between both outputs
  close(areaResize(Float64Array.from([0, 3, 6]), 1, 3, 1, 2), [1, 5]);
  // growing repeats: 1 x 2 -> 1 x 4
  close(areaResize(Float64Array.from([2, 4]), 1, 2, 1, 4), [2, 2, 4, 4]);
});

test("area resizing keeps a constant and the mean", () => {
  close(areaResize(new Float64Array(9 * 7).fill(0.3), 9, 7, 4, 5), new Array(20).fill(0.3));
  const a = Float64Array.from({ length: 37 * 53 }, (_, i) => (i * 7919) % 101);
  const mean = (x) => x.reduce((s, v) => s + v, 0) / x.length;
  assert.ok(Math.abs(mean(areaResize(a, 37, 53, 20, 11)) - mean(a)) < 1e-9);
});

test("no ink gives null", () => {
  assert.equal(mnistForm(new Float32Array(40 * 40), 40, 40, FORM), null);
  assert.equal(mnistForm(new Float64Array(40 * 40).fill(FORM.ink), 40, 40, FORM), null); // at the threshold: none
});

test("a bar is fitted into the box with its centre of mass on the middle pixel", () => {
  // a 10 x 5 bar of ink anywhere -> 20 x 10 (the box), its centre (9.5, 4.5) moved to (14, 14): rows 5-24, cols 10-19
  const a = new Float32Array(40 * 40);
  for (let y = 3; y < 13; y++) for (let x = 30; x < 35; x++) a[y * 40 + x] = 1;
  const out = mnistForm(a, 40, 40, FORM);
  assert.equal(out.length, 28 * 28);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      assert.equal(out[y * 28 + x], y >= 5 && y <= 24 && x >= 10 && x <= 19 ? 1 : 0, `pixel (${y}, ${x})`);
    }
  }
});

test("the form does not depend on where the digit was drawn, nor on faint ink", () => {
  const draw = (dy, dx, faint) => {
    const a = new Float32Array(60 * 60).fill(faint);
    for (let y = 0; y < 12; y++) for (let x = 0; x < 7; x++) a[(y + dy) * 60 + x + dx] = (x + y) % 3 ? 0.9 : 0.5;
    return mnistForm(a, 60, 60, FORM);
  };
  const ref = draw(0, 0, 0);
  close(draw(40, 50, 0), ref, 1e-6);
  close(draw(20, 5, FORM.ink / 2), ref, 1e-6); // faint ink outside the digit: below the threshold, not cropped in
});
