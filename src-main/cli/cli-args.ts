// The `wirebench` command line: its commands and options, read with Node's own parseArgs, each
// value checked here so a mistake is a usage error (exit 2) in words before anything connects.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as v from 'valibot';
import { FramingConfig } from '../shared/contract.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, network: 3, tls: 4, bind: 5 } as const;

export const USAGE = `Usage:
  wirebench connect HOST PORT [--tls [--insecure]] [--udp] (--send TEXT | --hex HEX | --file F)
                    [--expect REGEX] [--timeout MS] [--framing F] [--count N] [--interval MS] [--json]
  wirebench connect --unix PATH (--send TEXT | --hex HEX | --file F) [same options]
  wirebench listen PORT [--host ADDR] [--tls] [--rules FILE] [--echo] [--max-clients N]
                    [--duration MS] [--json]
  wirebench ping HOST [--count N] [--interval MS] [--timeout MS] [--json]
  wirebench run SEQUENCE --library FILE (--host H --port P [--tls [--insecure]] [--udp] | --unix PATH)
                    [--framing F] [--json]

  --send TEXT    text with the composer's escapes: \\r \\n \\t \\\\ \\xHH \\u{...}
  --hex HEX      bytes in hex ("50 49 4e 47 0d 0a")
  --file F       a file's bytes
  --expect REGEX succeed once the text received matches (JavaScript regular expression);
                 without it, print what comes back for --timeout ms after the last send
  --timeout MS   how long --expect waits, or how long to listen after sending (default 2000)
  --framing F    none (default), lf, crlf, or delimiter:TEXT (escapes allowed); frames are
                 matched without their delimiter
  --count N      send N times (default 1), --interval MS apart (default 0)
  --rules FILE   reply rules: a JSON array of rules, or a library file (its first rule set)
  --duration MS  listen this long, then stop (default: until Ctrl+C)
  --json         JSON Lines: one object per entry and per event
  SEQUENCE       a sequence's name (or id) in the --library file (the app's library export)

Exit codes:
  0  success
  1  an expectation or sequence failed, or timed out (ping: no reply at all)
  2  usage error
  3  network error (refused, unreachable, DNS, reset, timeout)
  4  TLS verification failed (use --insecure to connect anyway)
  5  bind error (address in use, permission denied)
`;

export type Transport = { type: 'tcp' | 'tls' | 'udp'; host: string; port: number; insecure: boolean } | { type: 'unix'; path: string };

export type Payload = { format: 'text' | 'hex'; text: string } | { file: string };

export type CliCommand =
  | { cmd: 'help' }
  | {
      cmd: 'connect';
      transport: Transport;
      payload: Payload;
      expect: RegExp | null;
      timeoutMs: number;
      framing: FramingConfig | null;
      count: number;
      intervalMs: number;
      json: boolean;
    }
  | { cmd: 'listen'; host: string; port: number; tls: boolean; rules: string | null; echo: boolean; maxClients: number; durationMs: number | null; json: boolean }
  | { cmd: 'ping'; host: string; count: number; intervalMs: number; timeoutMs: number; json: boolean }
  | { cmd: 'run'; sequence: string; library: string; transport: Transport; framing: FramingConfig | null; json: boolean };

export class UsageError extends Error {}

const OPTIONS = {
  tls: { type: 'boolean' },
  insecure: { type: 'boolean' },
  udp: { type: 'boolean' },
  unix: { type: 'string' },
  send: { type: 'string' },
  hex: { type: 'string' },
  file: { type: 'string' },
  expect: { type: 'string' },
  timeout: { type: 'string' },
  framing: { type: 'string' },
  count: { type: 'string' },
  interval: { type: 'string' },
  json: { type: 'boolean' },
  host: { type: 'string' },
  port: { type: 'string' },
  rules: { type: 'string' },
  echo: { type: 'boolean' },
  'max-clients': { type: 'string' },
  duration: { type: 'string' },
  library: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

function int(text: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  return n;
}

function framingOf(text: string | undefined): FramingConfig | null {
  if (text === undefined || text === 'none') return null;
  const delimiter = text === 'lf' ? '\\n' : text === 'crlf' ? '\\r\\n' : text.startsWith('delimiter:') ? text.slice('delimiter:'.length) : null;
  if (delimiter === null || delimiter === '') throw new UsageError(`--framing must be none, lf, crlf or delimiter:TEXT, not "${text}".`);
  const parsed = v.safeParse(FramingConfig, { mode: 'delimiter', delimiter, keepDelimiter: false });
  if (!parsed.success) throw new UsageError(`--framing: ${parsed.issues[0]?.message ?? 'not a delimiter'}.`);
  return parsed.output;
}

function transportOf(values: Values, host: string | undefined, port: string | undefined): Transport {
  if (values.unix !== undefined) {
    if (host !== undefined || values.tls || values.udp) throw new UsageError('--unix PATH takes no host, port, --tls or --udp.');
    return { type: 'unix', path: values.unix };
  }
  if (!host || port === undefined) throw new UsageError('Name the HOST and PORT to connect to (or --unix PATH).');
  if (values.tls && values.udp) throw new UsageError('--tls and --udp cannot go together.');
  if (values.insecure && !values.tls) throw new UsageError('--insecure is for --tls only.');
  return { type: values.tls ? 'tls' : values.udp ? 'udp' : 'tcp', host, port: int(port, 'PORT', 1, 65535, 0), insecure: values.insecure ?? false };
}

function regexOf(text: string | undefined): RegExp | null {
  if (text === undefined) return null;
  try {
    return new RegExp(text, 'u');
  } catch (err) {
    throw new UsageError(`--expect is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}.`);
  }
}

/** The command line as a command, or UsageError in words. */
export function parseCli(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify a positional.*$/s, '.') : String(err));
  }
  const values = parsed.values as Values;
  const [cmd, ...rest] = parsed.positionals;
  if (values.help || cmd === undefined || cmd === 'help') return { cmd: 'help' };
  const json = values.json ?? false;
  const positionals = (n: number, names: string): void => {
    if (rest.length > n) throw new UsageError(`wirebench ${cmd} takes ${names}; "${rest[n]}" is one too many.`);
  };
  switch (cmd) {
    case 'connect': {
      positionals(2, 'HOST PORT');
      const sources = [values.send, values.hex, values.file].filter((s) => s !== undefined).length;
      if (sources !== 1) throw new UsageError('Give exactly one of --send TEXT, --hex HEX or --file F.');
      const payload: Payload = values.file !== undefined ? { file: values.file } : { format: values.hex !== undefined ? 'hex' : 'text', text: (values.hex ?? values.send)! };
      return {
        cmd,
        transport: transportOf(values, rest[0], rest[1]),
        payload,
        expect: regexOf(values.expect),
        timeoutMs: int(values.timeout, '--timeout', 1, 3_600_000, 2000),
        framing: framingOf(values.framing),
        count: int(values.count, '--count', 1, 1_000_000, 1),
        intervalMs: int(values.interval, '--interval', 0, 3_600_000, 0),
        json,
      };
    }
    case 'listen':
      positionals(1, 'PORT');
      if (rest[0] === undefined) throw new UsageError('Name the PORT to listen on (0 picks a free one).');
      return {
        cmd,
        host: values.host ?? '::',
        port: int(rest[0], 'PORT', 0, 65535, 0),
        tls: values.tls ?? false,
        rules: values.rules ?? null,
        echo: values.echo ?? false,
        maxClients: int(values['max-clients'], '--max-clients', 0, 1_000_000, 0),
        durationMs: values.duration === undefined ? null : int(values.duration, '--duration', 1, 2_147_483_647, 0),
        json,
      };
    case 'ping':
      positionals(1, 'HOST');
      if (!rest[0]) throw new UsageError('Name the HOST to ping.');
      return {
        cmd,
        host: rest[0],
        count: int(values.count, '--count', 1, 1_000_000, 4),
        intervalMs: int(values.interval, '--interval', 10, 3_600_000, 1000),
        timeoutMs: int(values.timeout, '--timeout', 10, 600_000, 2000),
        json,
      };
    case 'run':
      positionals(1, 'SEQUENCE');
      if (!rest[0]) throw new UsageError('Name the SEQUENCE to run (its name or id in the library file).');
      if (!values.library) throw new UsageError('--library FILE is required: the library file the sequence is saved in.');
      return { cmd, sequence: rest[0], library: values.library, transport: transportOf(values, values.host, values.port), framing: framingOf(values.framing), json };
    default:
      throw new UsageError(`Unknown command "${cmd}": use connect, listen, ping or run (wirebench --help).`);
  }
}
