// A code and its plane (ui/web/codes.js): the plane is the code itself up to two dimensions, else the codes' first
// two principal axes (core.analysis.to_2d / from_2d on the server).
import assert from "node:assert/strict";
import { test } from "node:test";
import { codeToPlane, planeCov, planeToCode } from "../../ui/web/codes.js";

const close = (got, want, tol = 1e-6) => {
  assert.equal(got.length, want.length);
  for (const [i, v] of Array.from(got).entries())
    assert.ok(Math.abs(v - want[i]) <= tol, `at ${i}: ${v} != ${want[i]}`);
};

const s = Math.SQRT1_2;
const PROJ = {
  mean: [1, -2, 0.5],
  comps: [
    [s, s, 0],
    [0, 0, 1],
  ],
}; // orthonormal axes in 3-D

test("two dimensions: the plane is the code", () => {
  close(planeToCode({ proj: null }, [0.25, -3]), [0.25, -3]);
  assert.ok(planeToCode({ proj: null }, [0.25, -3]) instanceof Float32Array); // what the decoder is fed
  close(codeToPlane({ proj: null }, [0.25, -3]), [0.25, -3]);
  close(planeCov({ proj: null }, [Math.log(4), 0]), [4, 0, 1]);
});

test("above two: a plane point maps to the mean plus the axes, and back", () => {
  const m = { proj: PROJ };
  close(planeToCode(m, [0, 0]), PROJ.mean);
  close(planeToCode(m, [2, 3]), [1 + 2 * s, -2 + 2 * s, 3.5]);
  close(codeToPlane(m, planeToCode(m, [2, 3])), [2, 3]);
  // a code off the plane lands on its orthogonal projection: the part along (s, -s, 0) is dropped
  close(codeToPlane(m, [1 + 2 * s + 5 * s, -2 + 2 * s - 5 * s, 3.5]), [2, 3]);
});

test("the VAE's covariance seen on the plane is P diag(sigma^2) P^T", () => {
  const m = { proj: PROJ };
  // variances 1, 9, 4: the first axis mixes dims 0 and 1 equally ((1 + 9) / 2 = 5), the second is dim 2 (4), and
  // they share no dimension (covariance 0)
  close(planeCov(m, [0, Math.log(9), Math.log(4)]), [5, 0, 4]);
  // axes that share a dimension: covariance appears
  const shared = {
    proj: {
      mean: [0, 0],
      comps: [
        [s, s],
        [s, -s],
      ],
    },
  };
  close(planeCov(shared, [0, Math.log(3)]), [2, -1, 2]);
});
