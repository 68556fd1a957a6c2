import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSettingsAsync, saveSettingsAsync, SETTINGS_KEY } from '../../src/plugin/settings-store.ts';
import { DEFAULT_SETTINGS, EDIT_MODES } from '../../src/protocol/protocol.ts';

// figma.clientStorage reduced to the two calls the store makes (getAsync / setAsync: "Retrieves
// a value ... or undefined if the key has no value", plugin-api.d.ts ClientStorageAPI).
function storage(initial?: unknown): ClientStorageAPI & { saved: Map<string, unknown> } {
  const saved = new Map<string, unknown>(initial === undefined ? [] : [[SETTINGS_KEY, initial]]);
  return {
    saved,
    getAsync: async (key: string) => saved.get(key),
    setAsync: async (key: string, value: unknown) => void saved.set(key, value),
    deleteAsync: async (key: string) => void saved.delete(key),
    keysAsync: async () => [...saved.keys()],
  };
}

test('every mode survives a save and a load', async () => {
  for (const mode of EDIT_MODES) {
    const s = storage();
    await saveSettingsAsync(s, { mode, iterations: 42 });
    assert.deepEqual(await loadSettingsAsync(s), { mode, iterations: 42 });
  }
});

test("the colour-only mode an earlier build stored as 'colour' loads as 'color'", async () => {
  assert.deepEqual(await loadSettingsAsync(storage({ mode: 'colour', iterations: 80 })), { mode: 'color', iterations: 80 });
});

test('nothing stored, or a bad field, falls back to the default for that field', async () => {
  assert.deepEqual(await loadSettingsAsync(storage()), DEFAULT_SETTINGS);
  assert.deepEqual(await loadSettingsAsync(storage({ mode: 'sketch', iterations: 12 })), { mode: DEFAULT_SETTINGS.mode, iterations: 12 });
  assert.deepEqual(await loadSettingsAsync(storage({ mode: 'shape', iterations: -3 })), { mode: 'shape', iterations: DEFAULT_SETTINGS.iterations });
});
