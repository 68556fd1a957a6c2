#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so the CLI, the tests and the
// plugin bundle always share one copy of the engine, with no build step in between.
import { register } from 'tsx/esm/api';

register();
const { mainAsync } = await import('../src/cli/main.ts');
process.exitCode = await mainAsync(process.argv.slice(2));
