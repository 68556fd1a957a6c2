// 3x3 projective transforms, row-major [h00,h01,h02,h10,h11,h12,h20,h21,h22], in float64.

export type Mat3 = [number, number, number, number, number, number, number, number, number];
export type Point = readonly [number, number];

export function mat3Multiply(a: Mat3, b: Mat3): Mat3 {
  const r = new Array<number>(9) as Mat3;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      r[i * 3 + j] = a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!;
    }
  }
  return r;
}

export function mat3Invert(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-300) throw new Error('homography is singular');
  const s = 1 / det;
  return [A * s, -(b * i - c * h) * s, (b * f - c * e) * s, B * s, (a * i - c * g) * s, -(a * f - c * d) * s, C * s, -(a * h - b * g) * s, (a * e - b * d) * s];
}

export function applyHomography(m: Mat3, x: number, y: number): [number, number] {
  const w = m[6] * x + m[7] * y + m[8];
  return [(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w];
}

export function affineMat3(sx: number, sy: number, tx: number, ty: number): Mat3 {
  return [sx, 0, tx, 0, sy, ty, 0, 0, 1];
}

/**
 * The homography mapping the four points `from` onto `to` (direct linear transform,
 * h22 = 1, 8x8 system solved by Gaussian elimination with partial pivoting).
 */
export function homographyFromQuads(from: readonly Point[], to: readonly Point[]): Mat3 {
  if (from.length !== 4 || to.length !== 4) throw new Error('homographyFromQuads needs 4 point pairs');
  const a: number[][] = [];
  for (let k = 0; k < 4; k++) {
    const [x, y] = from[k]!;
    const [X, Y] = to[k]!;
    a.push([x, y, 1, 0, 0, 0, -X * x, -X * y, X]);
    a.push([0, 0, 0, x, y, 1, -Y * x, -Y * y, Y]);
  }
  for (let col = 0; col < 8; col++) {
    let piv = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[piv]![col]!)) piv = r;
    if (Math.abs(a[piv]![col]!) < 1e-12) throw new Error('degenerate quadrilateral');
    [a[col], a[piv]] = [a[piv]!, a[col]!];
    const pr = a[col]!;
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const row = a[r]!;
      const f = row[col]! / pr[col]!;
      if (f === 0) continue;
      for (let c = col; c < 9; c++) row[c]! -= f * pr[c]!;
    }
  }
  const h = a.map((row, r) => row[8]! / row[r]!);
  return [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!, 1];
}
