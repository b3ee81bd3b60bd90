// The pure helpers of ui/web/draw.js: the density's contour lines, colours, the texts' placeholders.
import assert from "node:assert/strict";
import { test } from "node:test";
import { contours, fill, hexToRgb } from "../../ui/web/draw.js";

test("marching squares: one segment through each cell the level crosses, where it crosses", () => {
  // 3 x 3 grid (rows from the top), one peak in the middle: the level 0.5 crosses each of the 4 cells once,
  // half way between the centre and each neighbour
  const v = [0, 0, 0, 0, 1, 0, 0, 0, 0];
  const segs = contours(v, 3, 0.5);
  assert.equal(segs.length, 4);
  const points = new Set(segs.flat().map(([c, r]) => `${c},${r}`));
  assert.deepEqual([...points].sort(), ["0.5,1", "1,0.5", "1,1.5", "1.5,1"]);
  // every segment joins two of those points, and together they close a loop: each point is used twice
  const uses = {};
  for (const p of segs.flat()) uses[p] = (uses[p] || 0) + 1;
  assert.deepEqual(Object.values(uses), [2, 2, 2, 2]);
});

test("marching squares: nothing where the level is not crossed", () => {
  assert.deepEqual(contours([0, 0, 0, 0], 2, 0.5), []);
  assert.deepEqual(contours([1, 1, 1, 1], 2, 0.5), []);
  // a step from left to right: a vertical line at the interpolated column
  assert.deepEqual(contours([0, 1, 0, 1], 2, 0.25), [
    [
      [0.25, 0],
      [0.25, 1],
    ],
  ]);
});

test("colours and placeholders", () => {
  assert.deepEqual(hexToRgb("#1f77b4"), [31, 119, 180]);
  assert.equal(fill("z = ({x}, {y})", { x: "1,5", y: "-2" }), "z = (1,5, -2)");
  assert.equal(fill("{known} {unknown}", { known: 0 }), "0 {unknown}"); // a missing value stays visible
});
