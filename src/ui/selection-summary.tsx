import { Banner, Bold, IconWarning16, Muted, Stack, Text } from '@create-figma-plugin/ui';
import type { SelectionInfo } from '../protocol/protocol.ts';

// What the plugin will edit: counts, and every approximation the reader made (never silent).

export function SelectionSummary({ info }: { info: SelectionInfo | null }) {
  if (!info)
    return (
      <Text>
        <Muted>Reading the selection…</Muted>
      </Text>
    );
  if (info.sourceId === null)
    return (
      <Text data-testid="selection-note">
        <Muted>{info.note}</Muted>
      </Text>
    );
  const frames = info.frames.length;
  return (
    <Stack space="extraSmall">
      <Text data-testid="selection-summary">
        <Bold>{info.sourceName}</Bold>
        <Muted>
          {' '}
          · {frames} frame{frames === 1 ? '' : 's'} · {info.groupCount} shape group{info.groupCount === 1 ? '' : 's'} ({info.pathCount} paths) ·{' '}
          {info.imageCount} image
          {info.imageCount === 1 ? '' : 's'} · {info.warnings.length} warning{info.warnings.length === 1 ? '' : 's'}
        </Muted>
      </Text>
      {info.warnings.length > 0 && (
        <details data-testid="warnings">
          <summary style={{ cursor: 'pointer', fontSize: 11 }}>Approximations</summary>
          <ul style={{ margin: '4px 0', paddingLeft: 16, maxHeight: 96, overflowY: 'auto' }}>
            {info.warnings.slice(0, 200).map((w, i) => (
              <li key={i}>
                <Bold>{w.where}</Bold>: {w.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {info.imageCount > 0 && (
        <Banner icon={<IconWarning16 />} variant="warning">
          Images are pixels: “Vectorise and edit” turns them into vector layers (coarse to fine rounds) that Run edits and Apply writes.
        </Banner>
      )}
    </Stack>
  );
}
