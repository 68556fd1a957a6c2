import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { InputError } from './cli-errors.ts';

// Commands that run the engine on WebGPU do it in a real browser: the same code path as the
// plugin's iframe. We use an installed Chrome or Chromium (never one downloaded for us).
// Order: CHROME_PATH when set (the user said which one; a wrong path is an error, not a hint
// to look elsewhere), then the platform's standard install locations, then PATH.

export interface ChromiumProbe {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  /** True when the path is an existing file. */
  isFile(path: string): boolean;
}

const LINUX_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/var/lib/flatpak/exports/bin/org.chromium.Chromium',
];
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const MAC_APPS = [
  'Google Chrome.app/Contents/MacOS/Google Chrome',
  'Chromium.app/Contents/MacOS/Chromium',
  'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
];

/** Standard install locations, most common first. */
export function standardChromiumPaths(probe: Pick<ChromiumProbe, 'platform' | 'env' | 'home'>): string[] {
  if (probe.platform === 'darwin')
    return [...MAC_APPS.map((a) => posix.join('/Applications', a)), ...MAC_APPS.map((a) => posix.join(probe.home, 'Applications', a))];
  if (probe.platform === 'win32') {
    const roots = [
      probe.env.PROGRAMFILES ?? 'C:\\Program Files',
      probe.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
      probe.env.LOCALAPPDATA ?? win32.join(probe.home, 'AppData', 'Local'),
    ];
    return [
      ...roots.map((r) => win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')),
      ...roots.map((r) => win32.join(r, 'Chromium', 'Application', 'chrome.exe')),
    ];
  }
  return LINUX_PATHS;
}

export function chromiumInstallHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'install Google Chrome (https://www.google.com/chrome/ or: brew install --cask google-chrome)';
  if (platform === 'win32') return 'install Google Chrome (https://www.google.com/chrome/ or: winget install Google.Chrome)';
  return 'install Chromium (Debian/Ubuntu: apt-get install chromium; Fedora: dnf install chromium) or Google Chrome';
}

export function findChromium(probe: ChromiumProbe = systemProbe()): string {
  const fromEnv = probe.env.CHROME_PATH;
  if (fromEnv) {
    if (!probe.isFile(fromEnv))
      throw new InputError(
        `CHROME_PATH is set to ${fromEnv}, which is not a file; point it at the Chrome or Chromium executable, or unset it to search the standard locations`,
      );
    return fromEnv;
  }
  const standard = standardChromiumPaths(probe).find((p) => probe.isFile(p));
  if (standard) return standard;
  if (probe.platform !== 'win32') {
    for (const dir of (probe.env.PATH ?? '').split(':').filter(Boolean)) {
      for (const name of PATH_NAMES) if (probe.isFile(posix.join(dir, name))) return posix.join(dir, name);
    }
  }
  throw new InputError(
    `no Chrome or Chromium found (looked in ${standardChromiumPaths(probe).join(', ')} and PATH): ${chromiumInstallHint(probe.platform)}, or set CHROME_PATH to its executable`,
  );
}

function systemProbe(): ChromiumProbe {
  return {
    platform: process.platform,
    env: process.env,
    home: homedir(),
    isFile: (p) => existsSync(p) && statSync(p).isFile(),
  };
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
