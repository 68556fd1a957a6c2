import { DEFAULT_SETTINGS, EDIT_MODES, type PluginSettings } from '../protocol/protocol.ts';

// Settings are per user and machine (figma.clientStorage). What is stored may come from an
// older build, so every field is checked and a bad one falls back to its default.

export const SETTINGS_KEY = 'settings';

export async function loadSettingsAsync(storage: ClientStorageAPI): Promise<PluginSettings> {
  const raw: unknown = await storage.getAsync(SETTINGS_KEY);
  const s = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  // Earlier builds stored the colour-only mode as 'colour'.
  const mode = s.mode === 'colour' ? 'color' : s.mode;
  return {
    mode: EDIT_MODES.includes(mode as PluginSettings['mode']) ? (mode as PluginSettings['mode']) : DEFAULT_SETTINGS.mode,
    iterations: Number.isInteger(s.iterations) && (s.iterations as number) > 0 ? (s.iterations as number) : DEFAULT_SETTINGS.iterations,
  };
}

export async function saveSettingsAsync(storage: ClientStorageAPI, settings: PluginSettings): Promise<void> {
  await storage.setAsync(SETTINGS_KEY, { mode: settings.mode, iterations: settings.iterations });
}
