// A latent code and its plane. Up to two dimensions the plane is the code itself; above, it is the codes' first two
// principal axes (the server's PCA of the test codes: ui.lab.plane_model sends its mean and axes as m.proj).

// a code of the model's full size for a point of its plane (through the plane's projection above two dimensions)
export function planeToCode(m, p) {
  if (!m.proj) return Float32Array.from(p);
  const { mean, comps } = m.proj,
    z = new Float32Array(mean.length);
  for (let i = 0; i < mean.length; i++) z[i] = mean[i] + p[0] * comps[0][i] + p[1] * comps[1][i];
  return z;
}

export function codeToPlane(m, z) {
  if (!m.proj) return [z[0], z[1]];
  const { mean, comps } = m.proj;
  let a = 0,
    b = 0;
  for (let i = 0; i < mean.length; i++) {
    a += (z[i] - mean[i]) * comps[0][i];
    b += (z[i] - mean[i]) * comps[1][i];
  }
  return [a, b];
}

export function planeCov(m, logvar) {
  // [var_x, cov_xy, var_y] of diag(exp(logvar)) seen on the plane (P diag(σ²) Pᵀ)
  if (!m.proj) return [Math.exp(logvar[0]), 0, Math.exp(logvar[1])];
  const [p, q] = m.proj.comps;
  let a = 0,
    b = 0,
    c = 0;
  for (let i = 0; i < logvar.length; i++) {
    const v = Math.exp(logvar[i]);
    a += p[i] * p[i] * v;
    b += p[i] * q[i] * v;
    c += q[i] * q[i] * v;
  }
  return [a, b, c];
}
