// The log's index past a few pages: older pages go to a file, every entry stays readable by
// number, and filtered reads (peer, direction, failed checks) find the same entries as a scan.
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECK_BAD, CHECK_OK, MARK_STEP, TrafficLog, type ReadFilter } from '../../../../src-main/engine/log/traffic-log.js';
import { PAGE } from '../../../../src-main/engine/log/entry-index.js';
import { Teardown } from '../../../helpers/net.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

const N = PAGE * 6 + 1234;
const peers = [{ id: 'p1', label: 'a:1' }, { id: 'p2', label: 'b:2' }, { id: 'p3', label: 'c:3' }];

/** Entry i: 8 bytes naming it, from peer i % 3, sent when i % 5 == 0, a failed check when i % 7 == 0, sent by rule i % 1000 + 1 when i % 11 == 0. */
function fill(log: TrafficLog): void {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < N; i++) {
    view.setFloat64(0, i);
    const out = i % 5 === 0;
    const append = (): number => log.append(out ? 'out' : 'in', bytes, peers[i % 3]!, 1000 + i, out ? 0 : i % 7 === 0 ? CHECK_BAD : CHECK_OK);
    if (i % 11 === 0) {
      log.setMarking((i % 1000) + 1);
      append();
      log.setMarking(0);
    } else append();
  }
}

function expected(filter: ReadFilter): number[] {
  const seqs: number[] = [];
  for (let i = 0; i < N; i++) {
    const out = i % 5 === 0;
    if (filter.peerId && peers[i % 3]!.id !== filter.peerId) continue;
    if (filter.dir && filter.dir !== (out ? 'out' : 'in')) continue;
    if (filter.failedOnly && (out || i % 7 !== 0)) continue;
    seqs.push(i);
  }
  return seqs;
}

describe('the entry index', () => {
  it('spills pages past the first few and reads every entry back by number, bytes and all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wb-index-'));
    teardown.add(() => rm(dir, { recursive: true, force: true }));
    const log = new TrafficLog({ spill: { dir, name: 'log', budgetBytes: 1 << 20 } });
    teardown.add(() => log.dispose());
    fill(log);
    await log.flushed();
    expect(log.indexPagesInMemory).toBeLessThanOrEqual(4);
    expect(statSync(join(dir, 'log.idx')).size).toBeGreaterThanOrEqual(3 * PAGE * 28);
    for (const seq of [0, 1, PAGE - 1, PAGE, 2 * PAGE + 17, 5 * PAGE + 3, N - 1]) {
      const { entries } = await log.read(seq, 1);
      const e = entries[0]!;
      expect(new DataView(e.bytes.buffer, e.bytes.byteOffset).getFloat64(0)).toBe(seq);
      expect(e.ts).toBe(1000 + seq);
      expect(e.peerId).toBe(peers[seq % 3]!.id);
      expect(e.dir).toBe(seq % 5 === 0 ? 'out' : 'in');
      expect(e.rule).toBe(seq % 11 === 0 ? (seq % 1000) + 1 : undefined);
    }
    // A recent entry can be marked afterwards (a sequence step matched it); one in the file cannot.
    expect(log.mark(N - 2, MARK_STEP + 7)).toBe(true);
    expect((await log.read(N - 2, 1)).entries[0]!.step).toBe(7);
    expect(log.mark(5, MARK_STEP + 7)).toBe(false);
    expect((await log.read(5, 1)).entries[0]!.step).toBeUndefined();
    expect(log.lastSeq).toBe(N - 1);
    const { entries } = await log.read(PAGE - 2, 5);
    expect(entries.map((e) => e.seq)).toEqual([PAGE - 2, PAGE - 1, PAGE, PAGE + 1, PAGE + 2]);
  });

  it('reads filtered by peer, direction and failed checks, the same entries a scan finds', async () => {
    const log = new TrafficLog();
    fill(log);
    for (const filter of [{ peerId: 'p2' }, { dir: 'out' }, { dir: 'in', peerId: 'p3' }, { failedOnly: true }, { failedOnly: true, peerId: 'p1' }] satisfies ReadFilter[]) {
      const all = expected(filter);
      const first = await log.read(0, 3, 0, filter);
      expect(first.total).toBe(all.length);
      expect(first.entries.map((e) => e.seq)).toEqual(all.slice(0, 3));
      const middle = Math.floor(all.length / 2);
      const across = await log.read(middle, 1000, 0, filter);
      expect(across.entries.map((e) => e.seq)).toEqual(all.slice(middle, middle + 1000));
      const last = await log.read(all.length - 1, 10, 0, filter);
      expect(last.entries.map((e) => e.seq)).toEqual([all[all.length - 1]]);
    }
    expect(log.stats.checksFailed).toBe(expected({ failedOnly: true }).length);
    expect((await log.read(0, 5, 0, { peerId: 'p9' })).total).toBe(0);
  });
});
