#!/usr/bin/env node
/**
 * Entry point of the `kubesim` command. V8 takes its flags only at startup, so the command re-runs
 * itself once with the flags of v8-flags.ts (set KUBESIM_NO_RESPAWN=1 to skip) before loading the
 * program.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { v8Flags } from './v8-flags.js';

if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) && process.env['KUBESIM_NO_RESPAWN'] === undefined) {
  const flags = v8Flags(process.argv.slice(2), availableParallelism());
  const child = spawnSync(process.execPath, [...flags, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? (child.signal === null ? 1 : 128));
}
await import('./program.js');
