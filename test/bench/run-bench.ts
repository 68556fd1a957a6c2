// `npm run bench -- <suite>`: runs test/bench/<suite>-bench.ts and prints its JSON report.
// Suites measure their yardsticks in the same run and report ratios (shared, noisy machines).
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const suites = readdirSync(here)
  .filter((f) => f.endsWith('-bench.ts'))
  .map((f) => f.replace(/-bench\.ts$/, ''));
const suite = process.argv[2];
if (!suite || !existsSync(join(here, `${suite}-bench.ts`))) {
  process.stderr.write(`usage: npm run bench -- <suite>   (suites: ${suites.join(', ') || 'none yet'})\n`);
  process.exit(2);
}
const mod = (await import(join(here, `${suite}-bench.ts`))) as { runBenchAsync(args: string[]): Promise<unknown> };
const report = await mod.runBenchAsync(process.argv.slice(3));
process.stdout.write(`${JSON.stringify({ suite, date: new Date().toISOString(), ...(report as object) }, null, 2)}\n`);
