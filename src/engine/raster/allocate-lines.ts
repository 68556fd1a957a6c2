import { lineCountForCubic, type PackedScene } from './packed-scene.ts';

// Twin of allocate-lines.wgsl: before each render, every cubic's line count is recomputed
// from the current points (Wang's formula, lineCountForCubic) and the line buffer is laid
// out by a prefix sum in segment order, so groups stay contiguous and the layout does not
// depend on thread timing. Counts are piecewise constant in the points, so within one
// count regime line ends stay fixed Bernstein combinations of the points (exact gradients).
// When the counts would not fit the buffer's capacity, the counts of the upload (which
// always fit) are used instead and the overflow is flagged for the host to grow the buffer.

export interface LineAllocation {
  segLineStart: Uint32Array;
  segLineCount: Uint32Array;
  groupLineStart: Uint32Array;
  groupLineEnd: Uint32Array;
  /** Lines the current points want (sum of the recomputed counts). */
  wanted: number;
  /** Lines laid out: `wanted`, or the upload's total when that did not fit. */
  lineCount: number;
  overflow: boolean;
}

export function allocateLinesTwin(ps: PackedScene, points: ArrayLike<number>, capacity: number): LineAllocation {
  const segLineCount = new Uint32Array(ps.segmentCount);
  let wanted = 0;
  for (let s = 0; s < ps.segmentCount; s++) {
    const o = (r: number) => ps.segPoints[s * 4 + r]! * 2;
    segLineCount[s] = lineCountForCubic(points, o(0), o(1), o(2), o(3));
    wanted += segLineCount[s]!;
  }
  const overflow = wanted > capacity;
  const segLineStart = new Uint32Array(ps.segmentCount);
  if (overflow) {
    segLineStart.set(ps.segLineStart);
    segLineCount.set(ps.segLineCount);
  } else {
    let at = 0;
    for (let s = 0; s < ps.segmentCount; s++) {
      segLineStart[s] = at;
      at += segLineCount[s]!;
    }
  }
  const groupLineStart = new Uint32Array(ps.groupCount);
  const groupLineEnd = new Uint32Array(ps.groupCount);
  for (let g = 0; g < ps.groupCount; g++) {
    const a = ps.groupSegStart[g]!;
    const b = ps.groupSegEnd[g]!;
    if (a === b) continue;
    groupLineStart[g] = segLineStart[a]!;
    groupLineEnd[g] = segLineStart[b - 1]! + segLineCount[b - 1]!;
  }
  return { segLineStart, segLineCount, groupLineStart, groupLineEnd, wanted, overflow, lineCount: overflow ? ps.lineCount : wanted };
}

/** The packed scene with `points` and the line layout the GPU gives them (for the twins). */
export function reflattenedScene(ps: PackedScene, points: ArrayLike<number>, capacity = Number.POSITIVE_INFINITY): PackedScene {
  const a = allocateLinesTwin(ps, points, capacity);
  return {
    ...ps,
    points: Float64Array.from(points),
    lineCount: a.lineCount,
    segLineStart: a.segLineStart,
    segLineCount: a.segLineCount,
    groupLineStart: a.groupLineStart,
    groupLineEnd: a.groupLineEnd,
  };
}
