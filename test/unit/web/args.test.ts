import { describe, expect, it } from 'vitest';
import { defaultDataDir, parseWebArgs } from '../../../src-main/web/args.js';

describe('parseWebArgs', () => {
  it('defaults to loopback and a free port', () => {
    expect(parseWebArgs([])).toEqual({ ok: true, args: { host: '127.0.0.1', port: 0, rendererDir: null, spillDir: null, logMemoryMib: null, dataDir: null, help: false } });
  });

  it('reads --port, --host and --renderer, as two words or with =', () => {
    expect(parseWebArgs(['--port', '8080', '--host', '::1', '--renderer', '/srv/ui'])).toEqual({
      ok: true,
      args: { host: '::1', port: 8080, rendererDir: '/srv/ui', spillDir: null, logMemoryMib: null, dataDir: null, help: false },
    });
    expect(parseWebArgs(['--port=65535', '--host=0.0.0.0', '--renderer=dist/renderer'])).toEqual({
      ok: true,
      args: { host: '0.0.0.0', port: 65535, rendererDir: 'dist/renderer', spillDir: null, logMemoryMib: null, dataDir: null, help: false },
    });
  });

  it('reads --spill-dir, as two words or with =', () => {
    const two = parseWebArgs(['--spill-dir', '/var/tmp/wb']);
    expect(two.ok && two.args.spillDir).toBe('/var/tmp/wb');
    const eq = parseWebArgs(['--spill-dir=/data/spill']);
    expect(eq.ok && eq.args.spillDir).toBe('/data/spill');
    expect(parseWebArgs(['--spill-dir'])).toMatchObject({ ok: false, message: expect.stringContaining('--spill-dir needs a value') });
  });

  it('reads --data-dir, as two words or with =; without it the per-user configuration folder', () => {
    const two = parseWebArgs(['--data-dir', '/srv/wb']);
    expect(two.ok && two.args.dataDir).toBe('/srv/wb');
    const eq = parseWebArgs(['--data-dir=/tmp/wb']);
    expect(eq.ok && eq.args.dataDir).toBe('/tmp/wb');
    expect(parseWebArgs(['--data-dir'])).toMatchObject({ ok: false, message: expect.stringContaining('--data-dir needs a value') });
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/me')).toBe('/cfg/wirebench');
    expect(defaultDataDir({}, 'linux', '/home/me')).toBe('/home/me/.config/wirebench');
    expect(defaultDataDir({}, 'darwin', '/Users/me')).toBe('/Users/me/Library/Application Support/wirebench');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32', 'C:\\Users\\me')).toMatch(/Roaming[\\/]wirebench$/);
  });

  it('reads --log-memory-mib, as two words or with =', () => {
    const two = parseWebArgs(['--log-memory-mib', '4']);
    expect(two.ok && two.args.logMemoryMib).toBe(4);
    const eq = parseWebArgs(['--log-memory-mib=65536']);
    expect(eq.ok && eq.args.logMemoryMib).toBe(65536);
  });

  it('reads --help and -h', () => {
    for (const flag of ['--help', '-h']) {
      const parsed = parseWebArgs(['--port', '1', flag]);
      expect(parsed.ok && parsed.args.help, flag).toBe(true);
    }
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number from 0 to 65535.*"abc"/],
    [['--port', '65536'], /--port must be a whole number from 0 to 65535/],
    [['--port', '-1'], /--port must be a whole number/],
    [['--port', '80.5'], /--port must be a whole number/],
    [['--port', ' 80'], /--port must be a whole number/],
    [['--port=0x50'], /--port must be a whole number/],
    [['--port'], /--port needs a value/],
    [['--port='], /--port needs a value/],
    [['--host', 'example.com'], /--host must be an IP address such as 127.0.0.1.*"example.com"/],
    [['--host', '127.0.0.1:80'], /--host must be an IP address/],
    [['--host'], /--host needs a value/],
    [['--renderer'], /--renderer needs a value/],
    [['--log-memory-mib', '0'], /--log-memory-mib must be a whole number of MiB from 1 to 65536.*"0"/],
    [['--log-memory-mib', '65537'], /--log-memory-mib must be a whole number of MiB from 1 to 65536/],
    [['--log-memory-mib', '1.5'], /--log-memory-mib must be a whole number/],
    [['--log-memory-mib', '-4'], /--log-memory-mib must be a whole number/],
    [['--log-memory-mib=4MiB'], /--log-memory-mib must be a whole number.*"4MiB"/],
    [['--log-memory-mib'], /--log-memory-mib needs a value/],
    [['--verbose'], /Unknown option "--verbose"/],
    [['8080'], /Unknown option "8080"/],
  ])('refuses %j with a message that says why', (argv, message) => {
    const parsed = parseWebArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
