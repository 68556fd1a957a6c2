import { Button, Columns, Muted, Stack, Text, Textbox } from '@create-figma-plugin/ui';
import { resultToApply, type RunState } from './run-state.ts';

// Iterations and patches, then Run / Cancel / Apply / Export SVG: what each button allows
// follows from the run's phase alone.

export interface RunControlsProps {
  iterations: number;
  onIterations(n: number): void;
  patches: string;
  onPatches(text: string): void;
  run: RunState;
  busy: boolean;
  runBlocker: string | null;
  onRun(): void;
  onCancel(): void;
  onApply(): void;
  onExport(): void;
}

export function RunControls(p: RunControlsProps) {
  return (
    <Stack space="small">
      <Columns space="extraSmall">
        <Textbox
          data-testid="iterations"
          variant="border"
          value={String(p.iterations)}
          onValueInput={(v: string) => {
            const n = Math.floor(Number(v));
            if (Number.isFinite(n) && n >= 1 && n <= 5000) p.onIterations(n);
          }}
        />
        <Textbox data-testid="patches" variant="border" value={p.patches} onValueInput={p.onPatches} />
      </Columns>
      <Text>
        <Muted>Iterations · patches per region and iteration (CLIPVG: 150 · 64)</Muted>
      </Text>
      <Columns space="extraSmall">
        <Button fullWidth data-testid="run" disabled={p.busy || p.runBlocker !== null} onClick={p.onRun}>
          Run
        </Button>
        <Button fullWidth secondary data-testid="cancel" disabled={p.run.phase !== 'running'} onClick={p.onCancel}>
          Cancel
        </Button>
        <Button fullWidth secondary data-testid="apply" disabled={p.busy || resultToApply(p.run) === null} onClick={p.onApply}>
          Apply
        </Button>
        <Button fullWidth secondary data-testid="export-svg" disabled={p.busy || resultToApply(p.run) === null} onClick={p.onExport}>
          SVG
        </Button>
      </Columns>
    </Stack>
  );
}
