import { Button, Columns } from '@create-figma-plugin/ui';
import type { PreviewView } from './compare-view.ts';

// What can be done with a result on screen: Continue (more iterations from where the run
// stopped), Apply all (every variation, side by side), and Compare: hold to see the original,
// or toggle the side-by-side view (source | candidate).

export interface ResultActionsProps {
  canContinue: boolean;
  onContinue(): void;
  /** Shown for variations with more than one result. */
  applyAll: { count: number; onApplyAll(): void } | null;
  canCompare: boolean;
  view: PreviewView;
  onHold(held: boolean): void;
  onSideBySide(on: boolean): void;
}

export function ResultActions(p: ResultActionsProps) {
  const sideBySide = p.view === 'side-by-side';
  return (
    <Columns space="extraSmall">
      <Button fullWidth secondary data-testid="continue" disabled={!p.canContinue} onClick={p.onContinue}>
        Continue
      </Button>
      {p.applyAll && (
        <Button fullWidth secondary data-testid="apply-all" onClick={p.applyAll.onApplyAll}>
          Apply all ({p.applyAll.count})
        </Button>
      )}
      <button
        type="button"
        data-testid="compare-hold"
        disabled={!p.canCompare}
        title="Hold to see the original (or hold Space / Alt over the preview)"
        onPointerDown={(e) => {
          if (!p.canCompare) return;
          (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
          p.onHold(true);
        }}
        onPointerUp={() => p.onHold(false)}
        onPointerCancel={() => p.onHold(false)}
        style={{
          textAlign: 'center',
          fontSize: 11,
          lineHeight: '30px',
          width: '100%',
          background: 'transparent',
          color: 'inherit',
          borderRadius: 6,
          userSelect: 'none',
          whiteSpace: 'nowrap',
          border: '1px solid var(--figma-color-border, #ccc)',
          opacity: p.canCompare ? 1 : 0.4,
          cursor: p.canCompare ? 'pointer' : 'default',
        }}
      >
        Original
      </button>
      <Button fullWidth secondary data-testid="compare-side" data-on={String(sideBySide)} disabled={!p.canCompare} onClick={() => p.onSideBySide(!sideBySide)}>
        {sideBySide ? 'Single view' : 'Side by side'}
      </Button>
    </Columns>
  );
}
