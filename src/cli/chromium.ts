import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { InputError } from './cli-errors.ts';

// Commands that run the engine on WebGPU do it in a real browser: the same code path as the
// plugin's iframe. We use the system's Chromium (never a downloaded one).

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new InputError(`CHROME_PATH points at ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new InputError('no Chromium or Chrome found: install one (Debian: apt-get install chromium) or set CHROME_PATH');
  }
  return found;
}

/** Flags that give headless Chromium a WebGPU adapter (SwiftShader where there is no GPU) and keep it off the network. */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromiumAsync(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}
