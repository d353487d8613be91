// End to end in Chromium through web mode: a TCP server tab that two clients talk to, its log
// saved as pcapng from the Traffic toolbar (then as CSV), and Wireshark's tshark following each
// client's stream to exactly the bytes exchanged.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { haveChromium, openTab, portFromStatus, useWebModePage } from './harness.js';

const haveTshark = spawnSync('tshark', ['--version']).status === 0;
const scratch = mkdtempSync(join(tmpdir(), 'wirebench-e2e-export-'));
const sockets: Socket[] = [];
afterAll(() => {
  for (const s of sockets) s.destroy();
  rmSync(scratch, { recursive: true, force: true });
});

function follow(file: string, stream: number): [string, string] {
  const out = spawnSync('tshark', ['-r', file, '-q', '-z', `follow,tcp,raw,${stream}`], { encoding: 'utf8' }).stdout;
  const body = out.split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l));
  return [body.filter((l) => !l.startsWith('\t')).join(''), body.filter((l) => l.startsWith('\t')).map((l) => l.slice(1)).join('')];
}

describe.skipIf(!haveChromium || (!haveTshark && process.env.CI !== 'true'))('Save log as pcapng and CSV, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();

  test('two clients of a TCP server tab, saved as pcapng: tshark follows each to its bytes; CSV has a row per entry', async () => {
    const { page } = browser;
    const panel = await openTab(page, 'TCP server');
    await panel.getByLabel('Local address').fill('127.0.0.1');
    await panel.getByLabel('Local port').fill('0');
    await panel.getByRole('button', { name: 'Listen' }).click();
    const port = await portFromStatus(panel, /Listening on 127\.0\.0\.1:(\d+)/);
    const clients = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<Socket>((resolve) => {
            const s = netConnect({ host: '127.0.0.1', port }, () => resolve(s));
            sockets.push(s);
          }),
      ),
    );
    // One after the other, so the first client's stream is the capture's first.
    const counters = panel.getByRole('region', { name: 'Counters' });
    clients[0]!.write('hello from the first\n');
    await expect.poll(() => counters.textContent()).toContain('Received 21 B');
    clients[1]!.write('and the second, with a comma\n');
    await expect.poll(() => counters.textContent()).toContain('Received 50 B');
    // The server answers the first client from the composer (Send to all is one way to reach it).
    await panel.getByLabel('Message', { exact: true }).fill('ok\\n');
    await panel.getByRole('button', { name: 'Send to all' }).click();
    await expect.poll(() => counters.textContent()).toContain('Sent 6 B');

    const traffic = panel.getByRole('region', { name: 'Traffic' });
    await traffic.getByRole('button', { name: 'Save log…' }).click();
    const form = traffic.getByRole('form', { name: 'Save log' });
    const pcap = join(scratch, 'server.pcapng');
    await form.getByLabel('File').fill(pcap);
    await form.getByLabel('Format').selectOption({ label: 'pcapng (Wireshark)' });
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(new RegExp(`^Saved 4 entries \\(.+\\) to ${pcap.replaceAll('.', '\\.')}$`));
    const hex = (s: string): string => Buffer.from(s).toString('hex');
    expect(follow(pcap, 0)).toEqual([hex('hello from the first\n'), hex('ok\n')]);
    expect(follow(pcap, 1)).toEqual([hex('and the second, with a comma\n'), hex('ok\n')]);

    const csv = join(scratch, 'server.csv');
    await form.getByLabel('File').fill(csv);
    await form.getByLabel('Format').selectOption({ label: 'CSV' });
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/^Saved 4 entries/);
    const rows = readFileSync(csv, 'utf8').split('\r\n');
    expect(rows[0]).toBe('seq,time,direction,peer,size,hex,text,check');
    expect(rows.filter((r) => r.includes('"and the second, with a comma\n"'))).toHaveLength(1);
  });
});
