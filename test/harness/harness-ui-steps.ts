import type { Frame, FrameLocator } from 'playwright-core';

// Steps the harness flows take in the plugin window (the data: frame's FrameLocator, or the
// hosted page's Frame): wait for a condition while failing fast on an error the UI shows, and
// type into a Figma-UI textbox.

/** Polls `cond` every 100 ms; throws with the UI's own error text if it shows one first. */
export async function waitForAsync(ui: Frame | FrameLocator, cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    const shown = (await ui.locator('[data-testid="error"]').allTextContents()).join(' | ');
    if (shown) throw new Error(`while waiting for ${what}, the UI shows: ${shown}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Fills the textbox with this data-testid (the element itself, or the input inside a Textbox component). */
export async function setTextbox(ui: FrameLocator, testid: string, value: string): Promise<void> {
  const box = ui.locator(`[data-testid="${testid}"]`).first();
  const input = (await box.evaluate((el) => el.tagName)) === 'INPUT' ? box : box.locator('input');
  await input.fill(value);
}
