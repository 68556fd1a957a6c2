import { Muted, Text } from '@create-figma-plugin/ui';
import { batchProgressText, type BatchState } from './batch-state.ts';

// Progress across a batch: which result is running ("Frame 2 of 3") and one bar for the whole set.

export function BatchProgress({ batch, names }: { batch: BatchState; names?: readonly string[] }) {
  return (
    <div data-testid="batch-progress" data-current={batch.current} data-done={batch.items.length} data-total={batch.total}>
      <progress data-testid="batch-bar" max={1} value={batch.fraction} style={{ width: '100%' }} />
      <Text>
        <Muted>{batchProgressText(batch, names)}</Muted>
      </Text>
    </div>
  );
}
