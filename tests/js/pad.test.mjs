// The class wall's message (ui/web/pad.js wallMessage): what ui.classroom.pixels_from_browser reads.
import assert from "node:assert/strict";
import { test } from "node:test";
import { wallMessage } from "../../ui/web/pad.js";

test("a drawing becomes a counter and its 784 grey levels in base64", () => {
  const x = Float32Array.from({ length: 784 }, (_, i) => (i % 256) / 255);
  x[0] = -0.5; // out of range: clipped
  x[1] = 7;
  const msg = wallMessage(x, 123456.7);
  const [n, b64] = msg.split(":");
  assert.equal(n, "123456");
  const bytes = Buffer.from(b64, "base64");
  assert.equal(bytes.length, 784);
  assert.equal(bytes[0], 0);
  assert.equal(bytes[1], 255);
  for (let i = 2; i < 784; i++) assert.equal(bytes[i], i % 256);
  assert.ok(msg.length <= 1200); // the server's bound
});
