import type { CliCommand } from './cli-command.ts';
import { convertCommand } from './commands/convert.ts';

// Every `clipvg` sub-command, one file each under ./commands.
export const commands: readonly CliCommand[] = [convertCommand];
