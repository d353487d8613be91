// A bug must not take the sockets down: an exception or rejection nobody caught is written, with
// its time and stack, to a log file in the data folder (and to stderr), and the process keeps
// serving. Web mode and the Electron main process both install it.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** The log's name in the data folder. */
export const CRASH_LOG = 'wirebench-errors.log';

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`;
  try {
    return String(reason);
  } catch {
    return '(a value that cannot be printed)';
  }
}

/** The handlers in force, process-wide: installing again replaces them (one pair, one log). */
const INSTALLED = Symbol.for('wirebench.crashLog');
type Holder = { [INSTALLED]?: () => void };

/** Installs the handlers; returns their remover. `dataDir`: where CRASH_LOG goes. */
export function keepServingOnCrash(dataDir: string): () => void {
  (globalThis as Holder)[INSTALLED]?.();
  const file = path.join(dataDir, CRASH_LOG);
  const record = (kind: string) => (reason: unknown) => {
    const line = `${new Date().toISOString()} ${kind}: ${describe(reason)}\n`;
    process.stderr.write(`Wirebench: ${kind} (kept running; see ${file}): ${reason instanceof Error ? reason.message : describe(reason)}\n`);
    try {
      mkdirSync(dataDir, { recursive: true });
      appendFileSync(file, line);
    } catch {
      // A full or read-only disk must not turn a logged bug into a crash.
    }
  };
  const onException = record('uncaught exception');
  const onRejection = record('unhandled rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  const remove = (): void => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
    if ((globalThis as Holder)[INSTALLED] === remove) delete (globalThis as Holder)[INSTALLED];
  };
  (globalThis as Holder)[INSTALLED] = remove;
  return remove;
}
