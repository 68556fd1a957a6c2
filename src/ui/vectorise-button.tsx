import { Button, Columns } from '@create-figma-plugin/ui';

// Images in the selection are vectorised only when asked: exporting them is slow.

export function VectoriseButton(p: { count: number; disabled: boolean; onVectorise(): void }) {
  return (
    <Columns space="extraSmall">
      <Button fullWidth secondary data-testid="vectorise" disabled={p.disabled} onClick={p.onVectorise}>
        {p.count ? `Vectorised ${p.count} image${p.count === 1 ? '' : 's'} ✓` : 'Vectorise and edit'}
      </Button>
    </Columns>
  );
}
