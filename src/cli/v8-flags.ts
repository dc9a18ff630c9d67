/**
 * The V8 flags the `kubesim` command runs with (V8 reads them only at startup, so main.ts re-runs
 * the command once with them). Simulations allocate many short-lived objects: a larger young
 * generation (`--max-semi-space-size=64`, in MiB) cuts garbage-collection time by about a quarter
 * on the scheduler benchmarks. A sweep or plan whose worker threads fill every core also gets
 * `--single-threaded-gc`: V8's parallel and concurrent collector threads would otherwise compete
 * with the other workers for the same cores (they cost about a third of a run's CPU time on top
 * of its main thread), while collecting on each worker's own thread costs that worker only a
 * few per cent.
 */

/** Commands that run scenarios on a pool of worker threads. */
const poolCommands = new Set(['sweep', 'plan']);

/** The flags for command line `args` (without the node and script paths) on a machine with `cores` cores. */
export function v8Flags(args: readonly string[], cores: number): string[] {
  const flags = ['--max-semi-space-size=64'];
  const command = args.find((a) => !a.startsWith('-'));
  if (command !== undefined && poolCommands.has(command) && workersAsked(args, cores) >= cores) flags.push('--single-threaded-gc');
  return flags;
}

/** The `--workers` value of `args` (one per core when absent or unreadable). */
function workersAsked(args: readonly string[], cores: number): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const text = a === '--workers' ? args[i + 1] : a.startsWith('--workers=') ? a.slice('--workers='.length) : undefined;
    if (text === undefined) continue;
    const n = Number(text);
    return Number.isInteger(n) && n > 0 ? n : cores;
  }
  return cores;
}
