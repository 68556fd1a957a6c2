import { Muted, Text } from '@create-figma-plugin/ui';
import type { EditProgress } from '../engine/edit/edit-types.ts';
import { formatDuration, LossCurve } from './loss-curve.tsx';

// Progress of a run: bar, iteration, loss curve and time left.

export function RunProgress({ progress, losses, iterations }: { progress: EditProgress | null; losses: readonly number[]; iterations: number }) {
  const done = progress?.iteration ?? 0;
  return (
    <div data-testid="run-progress" data-iteration={done} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
      <div style={{ flex: 1 }}>
        <progress data-testid="run-bar" max={iterations} value={done} style={{ width: '100%' }} />
        <Text>
          <Muted>
            Iteration {done} / {iterations}
            {progress ? ` · loss ${progress.loss.toFixed(3)} · ${formatDuration(progress.etaMs)} left` : ' · preparing…'}
            {progress && progress.skippedSteps > 0 ? ` · ${progress.skippedSteps} step(s) skipped (NaN/Inf)` : ''}
          </Muted>
        </Text>
      </div>
      <LossCurve losses={losses} iterations={iterations} />
    </div>
  );
}
