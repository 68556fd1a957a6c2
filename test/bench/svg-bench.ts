import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvgDetailed } from '../../src/scene/svg-import.ts';
import { parseXml } from '../../src/scene/svg-xml.ts';

// `npm run bench -- svg [runs]`: SVG import and export speed on the CLIPVG inputs and a
// generated 50,000-path file. Yardsticks in the same run: bare XML parsing (saxes, the
// floor for any importer of ours) and resvg's parse into its render tree (native Rust).

const DATA = fileURLToPath(new URL('../../examples/', import.meta.url));

function fiftyThousandPaths(): string {
  const parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="500">'];
  for (let i = 0; i < 50000; i++) {
    const c = ((i * 2654435761) >>> 8) & 0xffffff;
    parts.push(`<path d="M${(i % 250) * 4} ${Math.floor(i / 250) * 2.5}l4 0 -2 2.5z" fill="#${c.toString(16).padStart(6, '0')}"/>`);
  }
  return `${parts.join('\n')}</svg>`;
}

function medianMs(runs: number, f: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return Math.round(t[Math.floor(runs / 2)]! * 10) / 10;
}

export async function runBenchAsync(args: string[]): Promise<object> {
  const runs = Number(args[0] ?? 3);
  const inputs: [string, string][] = ['athlete', 'pitt', 'horseriding', 'tajmahal'].map((n) => [n, readFileSync(`${DATA}${n}.svg`, 'utf8')]);
  inputs.push(['generated-50k', fiftyThousandPaths()]);
  const results = [];
  for (const [name, text] of inputs) {
    const { scene, stats } = importSvgDetailed(text);
    const xmlMs = medianMs(runs, () => parseXml(text));
    const resvgParseMs = medianMs(runs, () => new Resvg(text, { font: { loadSystemFonts: false } }));
    const importMs = medianMs(runs, () => importSvgDetailed(text));
    const exportMs = medianMs(runs, () => exportSvg(scene));
    results.push({
      name,
      bytes: text.length,
      groups: stats.groups,
      subPaths: stats.subPaths,
      xmlMs,
      resvgParseMs,
      importMs,
      exportMs,
      importOverXml: Math.round((importMs / xmlMs) * 100) / 100,
      importOverResvgParse: Math.round((importMs / resvgParseMs) * 100) / 100,
    });
  }
  return { runs, results };
}
