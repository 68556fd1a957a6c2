import type { RegionMap } from './region-map.ts';

// Boundaries of all regions along pixel edges, cut into pieces at junctions (grid corners
// where three or more regions meet, or two meet diagonally, plus the picture's corners).
// Between two junctions a boundary separates exactly two regions, and each piece is stored
// once and shared by both: fitted once, used forwards by one region and backwards by the
// other. So neighbours get identical curves and a round covers the picture with no gap and
// no overlap, exactly.
//
// Grid vertices are (x, y) with 0 <= x <= width, 0 <= y <= height, id = y * (width + 1) + x.
// A region's loops are walked with the region on the right-hand side (y points down).

export interface BoundaryPiece {
  /** Grid vertex ids from one end to the other (a closed piece repeats its first vertex last). */
  vertices: Int32Array;
  /** The region on the right-hand side when walking the vertices in order (it uses the piece forwards). */
  forwardRegion: number;
  /** The region on the other side (it uses the piece reversed), or -1 outside the canvas. */
  reverseRegion: number;
  /** A whole loop without junctions (its ends are a cut of convenience, free to move); else both ends are junctions. */
  wholeLoop: boolean;
}

export interface PieceUse {
  piece: number;
  reversed: boolean;
}

export interface RegionBoundaries {
  pieces: BoundaryPiece[];
  /** For each region, its loops (outer boundary and holes alike), each a cycle of pieces. */
  loops: PieceUse[][][];
}

// Directions: 0 east, 1 south, 2 west, 3 north.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

export function traceRegionBoundaries(map: RegionMap): RegionBoundaries {
  const { width: w, height: h, regionOf, regionCount } = map;
  const vw = w + 1;
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? -1 : regionOf[y * w + x]!);
  // Pixel on the right / left of the edge leaving vertex (x, y) in direction d.
  const rightOf = (x: number, y: number, d: number) => (d === 0 ? at(x, y) : d === 1 ? at(x - 1, y) : d === 2 ? at(x - 1, y - 1) : at(x, y - 1));
  const leftOf = (x: number, y: number, d: number) => (d === 0 ? at(x, y - 1) : d === 1 ? at(x, y) : d === 2 ? at(x - 1, y) : at(x - 1, y - 1));

  const isJunction = (x: number, y: number): boolean => {
    if ((x === 0 || x === w) && (y === 0 || y === h)) return true;
    const tl = at(x - 1, y - 1),
      tr = at(x, y - 1),
      bl = at(x - 1, y),
      br = at(x, y);
    // Distinct ids among the four pixels, without allocating (this runs for every loop vertex).
    const distinct = 1 + (tr !== tl ? 1 : 0) + (bl !== tl && bl !== tr ? 1 : 0) + (br !== tl && br !== tr && br !== bl ? 1 : 0);
    if (distinct >= 3) return true;
    return distinct === 2 && tl === br && tr === bl;
  };
  const junctionCache = new Int8Array(vw * (h + 1)).fill(-1);
  const junction = (v: number): boolean => {
    let j = junctionCache[v]!;
    if (j === -1) {
      j = isJunction(v % vw, Math.floor(v / vw)) ? 1 : 0;
      junctionCache[v] = j;
    }
    return j === 1;
  };

  // Each directed boundary edge is the side of exactly one pixel (the one on its right):
  // side = direction (0 top, 1 right, 2 bottom, 3 left), one visited bit per side.
  const visited = new Uint8Array(w * h);
  const pieces: BoundaryPiece[] = [];
  const pieceByFirstEdge = new Map<number, PieceUse>();
  const loops: PieceUse[][][] = Array.from({ length: regionCount }, () => []);
  const dirOf = (a: number, b: number) => (b - a === 1 ? 0 : b - a === vw ? 1 : b - a === -1 ? 2 : 3);
  // The pixel on the right of an edge and which of its sides the edge is.
  const markEdge = (x: number, y: number, d: number) => {
    const px = d === 0 ? x : d === 1 ? x - 1 : d === 2 ? x - 1 : x;
    const py = d === 0 ? y : d === 1 ? y : d === 2 ? y - 1 : y - 1;
    visited[py * w + px]! |= 1 << d;
  };

  const loopVerts: number[] = [];
  for (let py = 0; py < h; py++) {
    for (let px = 0; px < w; px++) {
      const r = regionOf[py * w + px]!;
      for (let s = 0; s < 4; s++) {
        if (visited[py * w + px]! & (1 << s)) continue;
        // The neighbour across side s; the same id means it is no boundary edge.
        if ((s === 0 ? at(px, py - 1) : s === 1 ? at(px + 1, py) : s === 2 ? at(px, py + 1) : at(px - 1, py)) === r) continue;
        // Start vertex of the edge on side s, walked with the pixel on the right.
        const sx = s === 0 || s === 3 ? px : px + 1;
        const sy = s === 0 || s === 1 ? py : py + 1;
        // Walk the loop. Turn rule for 4-connected regions: turn left only when both pixels
        // ahead belong to the region, go straight when the right one does, else turn right.
        loopVerts.length = 0;
        let x = sx,
          y = sy,
          d = s;
        do {
          loopVerts.push(y * vw + x);
          markEdge(x, y, d);
          x += DX[d]!;
          y += DY[d]!;
          const aheadRight = rightOf(x, y, d) === r;
          if (aheadRight) d = leftOf(x, y, d) === r ? (d + 3) & 3 : d;
          else d = (d + 1) & 3;
        } while (!(x === sx && y === sy && d === s));
        loops[r]!.push(splitLoop(loopVerts, r));
      }
    }
  }
  return { pieces, loops };

  function splitLoop(verts: number[], region: number): PieceUse[] {
    const n = verts.length;
    const cuts: number[] = [];
    for (let i = 0; i < n; i++) if (junction(verts[i]!)) cuts.push(i);
    const wholeLoop = cuts.length === 0;
    if (wholeLoop) {
      // A loop with no junction borders one other region all round; both walk the same
      // vertices, so the smallest vertex id is a cut point they agree on.
      let m = 0;
      for (let i = 1; i < n; i++) if (verts[i]! < verts[m]!) m = i;
      cuts.push(m);
    }
    const uses: PieceUse[] = [];
    for (let k = 0; k < cuts.length; k++) {
      const from = cuts[k]!;
      const to = k + 1 < cuts.length ? cuts[k + 1]! : cuts[0]! + n;
      const v0 = verts[from]!;
      const v1 = verts[(from + 1) % n]!;
      const key = v0 * 4 + dirOf(v0, v1);
      let use = pieceByFirstEdge.get(key);
      if (!use) {
        const vertices = new Int32Array(to - from + 1);
        for (let i = from; i <= to; i++) vertices[i - from] = verts[i % n]!;
        const index = pieces.length;
        pieces.push({ vertices, forwardRegion: region, reverseRegion: leftOf(v0 % vw, Math.floor(v0 / vw), dirOf(v0, v1)), wholeLoop });
        use = { piece: index, reversed: false };
        const last = vertices[vertices.length - 1]!;
        const beforeLast = vertices[vertices.length - 2]!;
        pieceByFirstEdge.set(last * 4 + dirOf(last, beforeLast), { piece: index, reversed: true });
      }
      uses.push(use);
    }
    return uses;
  }
}
