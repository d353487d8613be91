// EACCES on bind: the engine runs as nobody (uid 65534) in a network namespace this test makes,
// where ports below net.ipv4.ip_unprivileged_port_start are root's. Listening on port 80 fails
// with EACCES in words; once the namespace lowers that bound, the same tab listens there.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineProcess, RemoteError, useEngineDriver } from '../../../helpers/engine-process.js';
import { Teardown } from '../../../helpers/net.js';

const run = promisify(execFile);
const teardown = new Teardown();
const driver = useEngineDriver();
afterEach(() => teardown.run());

describe('EACCES on bind', () => {
  it('a port below the unprivileged bound says EACCES in words; the tab listens there once the bound is lowered', async () => {
    const ns = `wb-eacces-${process.pid}`;
    await run('ip', ['netns', 'add', ns]);
    teardown.add(() => run('ip', ['netns', 'del', ns]));
    await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    const bound = async (port: number): Promise<void> => void (await run('ip', ['netns', 'exec', ns, 'sysctl', '-qw', `net.ipv4.ip_unprivileged_port_start=${port}`]));
    await bound(1024);
    const engine = await EngineProcess.start(teardown, driver.script, ['ip', 'netns', 'exec', ns, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
    const { id } = await engine.create('tcp-server');
    const config = { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 80 } as const;
    const failed = await engine.connect(id, config).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(RemoteError);
    expect((failed as RemoteError).wire).toEqual({ code: 'EACCES', message: 'Permission denied to listen on 127.0.0.1:80: ports below 1024 (or this path) need more privileges.' });
    expect(await engine.snapshot(id)).toMatchObject({ status: 'failed', error: { code: 'EACCES' } });

    await bound(0);
    expect(await engine.connect(id, config)).toMatchObject({ status: 'open', local: { address: '127.0.0.1', port: 80 }, error: null });
  });
});
