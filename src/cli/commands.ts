import type { CliCommand } from './cli-command.ts';
import { convertCommand } from './commands/convert.ts';
import { editCommand } from './commands/edit.ts';
import { renderCommand } from './commands/render.ts';
import { tokenizeCommand } from './commands/tokenize.ts';
import { vectorizeCommand } from './commands/vectorize.ts';

// Every `clipvg` sub-command, one file each under ./commands.
export const commands: readonly CliCommand[] = [convertCommand, editCommand, renderCommand, tokenizeCommand, vectorizeCommand];
