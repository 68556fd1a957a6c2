import { Muted, RangeSlider, Text } from '@create-figma-plugin/ui';
import { MAX_VARIATIONS } from '../engine/edit/edit-types.ts';

// Strength (iterations and learning rates together; the middle is CLIPVG's own settings) and the
// number of variations (seeds of the same edit, 1..MAX_VARIATIONS; not for icon sets).

export interface RunExtrasProps {
  strength: number;
  onStrength(v: number): void;
  /** The iterations a run at this strength takes. */
  iterationsAtStrength: number;
  variations: number;
  onVariations(k: number): void;
  /** Icon sets run one edit per frame, so no variations. */
  variationsAllowed: boolean;
  disabled: boolean;
}

export function RunExtras(p: RunExtrasProps) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 8px', alignItems: 'center' }}>
      <Text>
        <Muted>Strength</Muted>
      </Text>
      <RangeSlider
        data-testid="strength"
        minimum={0}
        maximum={1}
        increment={0.05}
        value={String(p.strength)}
        disabled={p.disabled}
        onNumericValueInput={p.onStrength}
      />
      <span />
      <Text>
        <Muted data-testid="strength-note">
          {p.strength === 0.5 ? 'CLIPVG’s settings' : p.strength < 0.5 ? 'Gentler' : 'Stronger'} · {p.iterationsAtStrength} iterations
        </Muted>
      </Text>
      {p.variationsAllowed && (
        <>
          <Text>
            <Muted>Variations</Muted>
          </Text>
          <select
            data-testid="variations"
            value={String(p.variations)}
            disabled={p.disabled}
            onChange={(e) => p.onVariations(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            {Array.from({ length: MAX_VARIATIONS }, (_, i) => (
              <option key={i} value={String(i + 1)}>
                {i === 0 ? '1 (one result)' : `${i + 1} seeds`}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
