import { CommandFailure, InputError } from './cli-errors.ts';
import { commands } from './commands.ts';

function helpText(): string {
  const lines = ['usage: clipvg <command> [options]', '', 'commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  return lines.join('\n');
}

/** Runs one CLI invocation and returns the process exit code (0, 1 or 2). */
export async function mainAsync(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(`${helpText()}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`clipvg: unknown command '${name}' (try: ${commands.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  const command = await entry.loadAsync();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    await command.runAsync(rest);
    return 0;
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`clipvg ${name}: ${oneLine(err.message)}\n`);
      return 2;
    }
    if (err instanceof CommandFailure) {
      process.stderr.write(`clipvg ${name}: ${oneLine(err.message)}\n`);
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`clipvg ${name}: internal error: ${oneLine(message)}\n`);
    if (process.env.CLIPVG_DEBUG) console.error(err);
    return 1;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
