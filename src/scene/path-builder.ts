import type { SubPath } from './scene.ts';

// Builds closed cubic sub-paths from absolute path commands. Lines and quadratics become
// cubics exactly (degree elevation), so the rasteriser has one segment kind. A sub-path
// left open is closed with a straight segment, which is how SVG and Figma fill it.

export class PathBuilder {
  private readonly done: SubPath[] = [];
  private pts: number[] = [];
  private startX = 0;
  private startY = 0;
  private curX = 0;
  private curY = 0;
  private open = false;

  moveTo(x: number, y: number): void {
    this.finish();
    this.startX = this.curX = x;
    this.startY = this.curY = y;
    this.pts = [x, y];
    this.open = true;
  }

  lineTo(x: number, y: number): void {
    this.ensureOpen();
    const x0 = this.curX;
    const y0 = this.curY;
    this.cubicTo(x0 + (x - x0) / 3, y0 + (y - y0) / 3, x0 + (2 * (x - x0)) / 3, y0 + (2 * (y - y0)) / 3, x, y);
  }

  quadTo(qx: number, qy: number, x: number, y: number): void {
    this.ensureOpen();
    const x0 = this.curX;
    const y0 = this.curY;
    this.cubicTo(x0 + (2 / 3) * (qx - x0), y0 + (2 / 3) * (qy - y0), x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y), x, y);
  }

  cubicTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void {
    this.ensureOpen();
    this.pts.push(c1x, c1y, c2x, c2y, x, y);
    this.curX = x;
    this.curY = y;
  }

  close(): void {
    if (!this.open) return;
    this.finish();
    // SVG: after Z the current point is the sub-path's start.
    this.curX = this.startX;
    this.curY = this.startY;
  }

  get currentX(): number {
    return this.curX;
  }

  get currentY(): number {
    return this.curY;
  }

  /** All sub-paths, each closed; sub-paths without any segment are dropped (they fill nothing). */
  build(): SubPath[] {
    this.finish();
    return this.done;
  }

  private ensureOpen(): void {
    if (!this.open) this.moveTo(this.curX, this.curY);
  }

  private finish(): void {
    if (!this.open) return;
    this.open = false;
    const p = this.pts;
    if (p.length < 8) return; // a lone point: no segment, no area
    const n = p.length;
    const endsAtStart = p[n - 2] === p[0] && p[n - 1] === p[1];
    if (!endsAtStart) {
      // Implicit close: a straight cubic back to the start.
      const x0 = p[n - 2]!;
      const y0 = p[n - 1]!;
      const x1 = p[0]!;
      const y1 = p[1]!;
      p.push(x0 + (x1 - x0) / 3, y0 + (y1 - y0) / 3, x0 + (2 * (x1 - x0)) / 3, y0 + (2 * (y1 - y0)) / 3);
    } else {
      p.length = n - 2; // the end point is the start point: stored once
    }
    this.done.push({ points: p });
  }
}
