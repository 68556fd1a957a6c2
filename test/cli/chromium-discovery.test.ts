import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findChromium, standardChromiumPaths, type ChromiumProbe } from '../../src/cli/chromium.ts';
import { InputError } from '../../src/cli/cli-errors.ts';

// Chromium discovery on each platform with an injected file system: only the listed paths exist.

function probe(platform: NodeJS.Platform, files: string[], env: Record<string, string> = {}, home = '/home/u'): ChromiumProbe {
  const set = new Set(files);
  return { platform, env, home, isFile: (p) => set.has(p) };
}

const cases: [string, ChromiumProbe, string][] = [
  ['Debian chromium', probe('linux', ['/usr/bin/chromium']), '/usr/bin/chromium'],
  ['Ubuntu chromium-browser over a later Chrome', probe('linux', ['/usr/bin/chromium-browser', '/opt/google/chrome/chrome']), '/usr/bin/chromium-browser'],
  ['Google Chrome .deb', probe('linux', ['/opt/google/chrome/chrome']), '/opt/google/chrome/chrome'],
  ['snap', probe('linux', ['/snap/bin/chromium']), '/snap/bin/chromium'],
  ['Linux, only on PATH', probe('linux', ['/home/u/bin/google-chrome'], { PATH: '/usr/local/bin:/home/u/bin' }), '/home/u/bin/google-chrome'],
  [
    'macOS Chrome',
    probe('darwin', ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']),
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ],
  [
    'macOS Chromium in ~/Applications',
    probe('darwin', ['/Users/u/Applications/Chromium.app/Contents/MacOS/Chromium'], {}, '/Users/u'),
    '/Users/u/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  [
    'Windows Chrome (Program Files)',
    probe('win32', ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'], { PROGRAMFILES: 'C:\\Program Files' }),
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  ],
  [
    'Windows Chrome per user (LOCALAPPDATA)',
    probe('win32', ['D:\\Users\\u\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'], { LOCALAPPDATA: 'D:\\Users\\u\\AppData\\Local' }),
    'D:\\Users\\u\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
  ],
  [
    'Windows x86 Chrome',
    probe('win32', ['C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe']),
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
  [
    'CHROME_PATH wins over a standard install',
    probe('linux', ['/usr/bin/chromium', '/opt/chrome-beta/chrome'], { CHROME_PATH: '/opt/chrome-beta/chrome' }),
    '/opt/chrome-beta/chrome',
  ],
  [
    'CHROME_PATH on Windows',
    probe('win32', ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'E:\\chrome\\chrome.exe'], { CHROME_PATH: 'E:\\chrome\\chrome.exe' }),
    'E:\\chrome\\chrome.exe',
  ],
];

for (const [name, p, expected] of cases) {
  test(`finds Chromium: ${name}`, () => assert.equal(findChromium(p), expected));
}

test('a CHROME_PATH that is not a file is an error, even when a standard install exists', () => {
  assert.throws(
    () => findChromium(probe('linux', ['/usr/bin/chromium'], { CHROME_PATH: '/nope/chrome' })),
    (e: unknown) => e instanceof InputError && /CHROME_PATH is set to \/nope\/chrome, which is not a file/.test(e.message),
  );
});

test('none found: one line naming where it looked and how to install one, per platform', () => {
  const hints: [NodeJS.Platform, RegExp][] = [
    ['linux', /apt-get install chromium/],
    ['darwin', /brew install --cask google-chrome/],
    ['win32', /winget install Google\.Chrome/],
  ];
  for (const [platform, hint] of hints) {
    assert.throws(
      () => findChromium(probe(platform, [])),
      (e: unknown) => e instanceof InputError && hint.test(e.message) && /or set CHROME_PATH/.test(e.message) && !e.message.includes('\n'),
    );
  }
});

test('standard paths use the platform separators', () => {
  assert.ok(standardChromiumPaths({ platform: 'win32', env: {}, home: 'C:\\Users\\u' }).every((p) => p.includes('\\') && !p.includes('/')));
  assert.ok(standardChromiumPaths({ platform: 'darwin', env: {}, home: '/Users/u' }).every((p) => p.startsWith('/') && !p.includes('\\')));
});
