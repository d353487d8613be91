// `npm run web` options, parsed without side effects (the CLI acts on the result).
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';

export interface WebArgs {
  host: string;
  port: number;
  /** The built renderer; the CLI defaults it to ../renderer next to the bundled script. */
  rendererDir: string | null;
  /** Where logs spill past their memory budget; null: the engine's default (a temp folder). */
  spillDir: string | null;
  /** Memory each session's log may hold before it spills, in MiB; null: the engine's default. */
  logMemoryMib: number | null;
  /** Where the workspace is kept; null: defaultDataDir(). */
  dataDir: string | null;
  help: boolean;
}

export type ParsedWebArgs = { ok: true; args: WebArgs } | { ok: false; message: string };

export const WEB_USAGE = `Usage: npm run web -- [--port N] [--host ADDR] [--renderer DIR] [--spill-dir DIR]
                          [--log-memory-mib N] [--data-dir DIR]

Serves the Wirebench UI to a browser, with a random access token in the printed URL.

  --port N        TCP port, 0 to 65535 (default 0: any free port)
  --host ADDR     IP address to bind (default 127.0.0.1). Anything other than a loopback
                  address lets other machines reach the UI (they still need the token).
  --renderer DIR  the built renderer (default: ../renderer next to this script)
  --spill-dir DIR where traffic logs spill to disk past their memory budget
                  (default: wirebench-spill in the system's temp folder)
  --log-memory-mib N
                  memory each session's traffic log may hold before older entries
                  spill to disk, 1 to 65536 MiB (default 64)
  --data-dir DIR  where the workspace (open tabs, their fields, settings) is kept
                  (default: a wirebench folder in your configuration folder, e.g.
                  $XDG_CONFIG_HOME/wirebench or ~/.config/wirebench on Linux)
  --help          show this help
`;

function parsePort(text: string): number | string {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) {
    return `--port must be a whole number from 0 to 65535 (0 picks a free port), not "${text}".`;
  }
  return Number(text);
}

export const MAX_LOG_MEMORY_MIB = 65536;

function parseLogMemory(text: string): number | string {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) < 1 || Number(text) > MAX_LOG_MEMORY_MIB) {
    return `--log-memory-mib must be a whole number of MiB from 1 to ${MAX_LOG_MEMORY_MIB}, not "${text}".`;
  }
  return Number(text);
}

const FLAGS = new Set(['--port', '--host', '--renderer', '--spill-dir', '--log-memory-mib', '--data-dir']);

export function parseWebArgs(argv: string[]): ParsedWebArgs {
  const args: WebArgs = { host: '127.0.0.1', port: 0, rendererDir: null, spillDir: null, logMemoryMib: null, dataDir: null, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      args.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!FLAGS.has(flag)) {
      return { ok: false, message: `Unknown option "${arg}". Run with --help to see the options.` };
    }
    let value: string | undefined;
    if (eq > 0 && flag !== arg) {
      value = arg.slice(eq + 1);
    } else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '') return { ok: false, message: `${flag} needs a value.` };
    if (flag === '--port') {
      const port = parsePort(value);
      if (typeof port === 'string') return { ok: false, message: port };
      args.port = port;
    } else if (flag === '--host') {
      if (isIP(value) === 0) {
        return { ok: false, message: `--host must be an IP address such as 127.0.0.1, ::1 or 0.0.0.0, not "${value}".` };
      }
      args.host = value;
    } else if (flag === '--spill-dir') {
      args.spillDir = value;
    } else if (flag === '--data-dir') {
      args.dataDir = value;
    } else if (flag === '--log-memory-mib') {
      const mib = parseLogMemory(value);
      if (typeof mib === 'string') return { ok: false, message: mib };
      args.logMemoryMib = mib;
    } else {
      args.rendererDir = value;
    }
  }
  return { ok: true, args };
}

/**
 * The per-user configuration folder's "wirebench": $XDG_CONFIG_HOME (or ~/.config) on Linux and
 * other Unixes, ~/Library/Application Support on macOS, %APPDATA% on Windows.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return path.join(env['APPDATA'] || path.join(home, 'AppData', 'Roaming'), 'wirebench');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'wirebench');
  return path.join(env['XDG_CONFIG_HOME'] || path.join(home, '.config'), 'wirebench');
}
