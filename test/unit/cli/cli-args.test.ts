// The command line's options: what each command takes, and every mistake refused in words.
import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../../src-main/cli/cli-args.js';

const refused = (argv: string[]): string => {
  try {
    parseCli(argv);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  return 'accepted';
};

describe('wirebench arguments', () => {
  it('reads connect, listen, ping and run with their defaults', () => {
    expect(parseCli(['connect', 'h', '7', '--send', 'x'])).toMatchObject({ cmd: 'connect', transport: { type: 'tcp', host: 'h', port: 7 }, payload: { format: 'text', text: 'x' }, timeoutMs: 2000, count: 1, framing: null, json: false });
    expect(parseCli(['connect', '--unix', '/s', '--hex', '00', '--framing', 'crlf', '--json'])).toMatchObject({ transport: { type: 'unix', path: '/s' }, payload: { format: 'hex' }, framing: { mode: 'delimiter', delimiter: '\\r\\n', keepDelimiter: false }, json: true });
    expect(parseCli(['listen', '0', '--tls', '--max-clients', '3'])).toMatchObject({ cmd: 'listen', port: 0, host: '::', tls: true, maxClients: 3, durationMs: null });
    expect(parseCli(['ping', 'localhost'])).toMatchObject({ cmd: 'ping', count: 4, intervalMs: 1000 });
    expect(parseCli(['run', 'seq', '--library', '/l.json', '--host', 'h', '--port', '1', '--udp'])).toMatchObject({ cmd: 'run', transport: { type: 'udp' } });
    expect(parseCli([])).toEqual({ cmd: 'help' });
  });

  it('refuses mistakes in words', () => {
    expect(refused(['connect', 'h', '7'])).toBe('Give exactly one of --send TEXT, --hex HEX or --file F.');
    expect(refused(['connect', 'h', '70000', '--send', 'x'])).toBe('PORT must be a whole number from 1 to 65535, not "70000".');
    expect(refused(['connect', 'h', '7', '--send', 'x', '--count', '0'])).toBe('--count must be a whole number from 1 to 1000000, not "0".');
    expect(refused(['connect', 'h', '7', '--send', 'x', '--framing', 'xml'])).toBe('--framing must be none, lf, crlf or delimiter:TEXT, not "xml".');
    expect(refused(['connect', 'h', '7', '--send', 'x', '--expect', '('])).toMatch(/^--expect is not a valid regular expression: /);
    expect(refused(['connect', 'h', '7', '--send', 'x', '--insecure'])).toBe('--insecure is for --tls only.');
    expect(refused(['connect', 'h', '7', '--send', 'x', '--tls', '--udp'])).toBe('--tls and --udp cannot go together.');
    expect(refused(['connect', 'h', '--unix', '/s', '--send', 'x'])).toBe('--unix PATH takes no host, port, --tls or --udp.');
    expect(refused(['connect', 'h', '7', 'extra', '--send', 'x'])).toBe('wirebench connect takes HOST PORT; "extra" is one too many.');
    expect(refused(['connect', 'h', '7', '--bogus'])).toMatch(/Unknown option '--bogus'/);
    expect(refused(['run', 'seq', '--host', 'h', '--port', '1'])).toBe('--library FILE is required: the library file the sequence is saved in.');
    expect(refused(['listen'])).toBe('Name the PORT to listen on (0 picks a free one).');
    expect(refused(['dance'])).toBe('Unknown command "dance": use connect, listen, ping or run (wirebench --help).');
  });
});
