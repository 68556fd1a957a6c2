import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromiumAsync } from '../../src/cli/chromium.ts';

/** Screenshots of the harness tests (gitignored). */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

/** One headless Chromium for a harness test file, opened before its tests and closed after. */
export function useHarnessBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchChromiumAsync();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the harness browser is not open yet');
    return browser;
  };
}
