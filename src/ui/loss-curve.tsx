// A small loss curve: an SVG polyline over the iterations so far, scaled to its own range.

export function lossCurvePoints(losses: readonly number[], width: number, height: number, iterations: number): string {
  const finite = losses.filter(Number.isFinite);
  if (finite.length === 0) return '';
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = hi - lo || 1;
  const n = Math.max(2, iterations);
  return losses
    .map((l, i) => (Number.isFinite(l) ? `${((i / (n - 1)) * width).toFixed(1)},${(height - ((l - lo) / span) * height).toFixed(1)}` : ''))
    .filter((s) => s !== '')
    .join(' ');
}

export function LossCurve({ losses, iterations }: { losses: readonly number[]; iterations: number }) {
  const w = 120;
  const h = 32;
  return (
    <svg
      data-testid="loss-curve"
      role="img"
      aria-label="loss per iteration"
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      style={{ overflow: 'visible', background: 'var(--figma-color-bg-secondary, #f5f5f5)', borderRadius: 2 }}
    >
      <polyline points={lossCurvePoints(losses, w, h, iterations)} fill="none" stroke="var(--figma-color-bg-brand, #0d99ff)" stroke-width="1.5" />
    </svg>
  );
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
