// Find over a whole log, spilled part included: text in an encoding, hex, regex (errors with
// their position), Next/Previous wrapping, progress, and cancel mid-search.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { FindQuery, type FindQueryInput, type SearchProgress } from '../../../../src-main/shared/contract.js';
import { TrafficLog } from '../../../../src-main/engine/log/traffic-log.js';
import { LogSearches } from '../../../../src-main/engine/log/log-search.js';
import type { CodedError } from '../../../../src-main/engine/errors.js';
import { Teardown } from '../../../helpers/net.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

async function spilledLog(entries: number, special: Map<number, Uint8Array>): Promise<TrafficLog> {
  const dir = await mkdtemp(join(tmpdir(), 'wb-search-'));
  teardown.add(() => rm(dir, { recursive: true, force: true }));
  const log = new TrafficLog({ spill: { dir, name: 'log', budgetBytes: 256 * 1024 } });
  teardown.add(() => log.dispose());
  const filler = new TextEncoder().encode('nothing to see here, move along.');
  for (let i = 0; i < entries; i++) {
    log.append(i % 2 ? 'in' : 'out', special.get(i) ?? filler, null);
    if (i % 4096 === 0) await log.flushed();
  }
  await log.flushed();
  return log;
}

function run(searches: LogSearches, log: TrafficLog, query: FindQueryInput, progress: SearchProgress[]): Promise<SearchProgress> {
  const { searchId } = searches.start('s1', log, v.parse(FindQuery, query));
  return new Promise((resolve) => {
    const check = (): void => {
      const last = progress.findLast((p) => p.searchId === searchId);
      if (last?.done) resolve(last);
      else setTimeout(check, 5);
    };
    check();
  });
}

describe('log search', () => {
  it('finds text, hex and regex matches in the spilled part and steps through them, wrapping', async () => {
    const special = new Map<number, Uint8Array>([
      [3, new TextEncoder().encode('GET /index.html')],
      [20_000, Uint8Array.of(0x01, 0x03, 0xc5, 0xcd)],
      [150_000, new TextEncoder().encode('get /other')],
      [199_998, Uint8Array.of(0xc4, 0xe3, 0xba, 0xc3)], // 你好 in GB18030
    ]);
    const log = await spilledLog(200_000, special);
    expect(log.memoryBytes).toBeLessThan(200_000 * 32);
    const progress: SearchProgress[] = [];
    const searches = new LogSearches((p) => progress.push(p));

    const text = await run(searches, log, { mode: 'text', pattern: 'GET /' }, progress);
    expect(text).toMatchObject({ matches: 1, scanned: 200_000, total: 200_000, done: true, cancelled: false });
    const anyCase = await run(searches, log, { mode: 'text', pattern: 'get /', ignoreCase: true }, progress);
    expect(anyCase.matches).toBe(2);
    const hex = await run(searches, log, { mode: 'hex', pattern: '03 C5' }, progress);
    expect(hex.matches).toBe(1);
    const gbk = await run(searches, log, { mode: 'text', pattern: '你好', encoding: 'gb18030' }, progress);
    expect(gbk.matches).toBe(1);

    const regex = await run(searches, log, { mode: 'regex', pattern: '^(GET|get) /\\w+' }, progress);
    expect(regex.matches).toBe(2);
    const id = regex.searchId;
    expect(searches.step('s1', id, -1, 'next')).toEqual({ index: 0, seq: 3, matches: 2 });
    expect(searches.step('s1', id, 3, 'next')).toEqual({ index: 1, seq: 150_000, matches: 2 });
    expect(searches.step('s1', id, 150_000, 'next')).toEqual({ index: 0, seq: 3, matches: 2 });
    expect(searches.step('s1', id, 3, 'previous')).toEqual({ index: 1, seq: 150_000, matches: 2 });
    expect(searches.step('s1', id, 100_000, 'previous')).toEqual({ index: 0, seq: 3, matches: 2 });
    expect(() => searches.step('s1', 'f999', 0, 'next')).toThrow(/search again/);
  });

  it('refuses a bad regex with the position of the mistake, and bad hex in words', () => {
    const searches = new LogSearches(() => {});
    const log = new TrafficLog();
    const fail = (query: FindQueryInput): CodedError => {
      try {
        searches.start('s1', log, v.parse(FindQuery, query));
      } catch (err) {
        return err as CodedError;
      }
      throw new Error('expected an error');
    };
    expect(fail({ mode: 'regex', pattern: 'ab)c' })).toMatchObject({ code: 'INVALID_REGEX', message: expect.stringMatching(/at position 3: Unmatched '\)'/) });
    expect(fail({ mode: 'regex', pattern: 'a(b*' }).message).toMatch(/at position 2: Unterminated group/);
    expect(fail({ mode: 'regex', pattern: 'x+*' }).message).toMatch(/at position 3: Nothing to repeat/);
    expect(fail({ mode: 'regex', pattern: '[a-' }).message).toMatch(/at position 1: Unterminated character class/);
    expect(fail({ mode: 'hex', pattern: '0G' }).code).toBe('INVALID_HEX');
    expect(fail({ mode: 'text', pattern: '€', encoding: 'koi8-r' }).code).toBe('UNENCODABLE_TEXT');
  });

  it('can be cancelled mid-search, and says so', async () => {
    const log = await spilledLog(300_000, new Map());
    const progress: SearchProgress[] = [];
    const searches = new LogSearches((p) => progress.push(p));
    const { searchId } = searches.start('s1', log, v.parse(FindQuery, { mode: 'regex', pattern: 'x{2}y' }));
    searches.cancel('s1', searchId);
    await new Promise<void>((resolve) => {
      const check = (): void => (progress.some((p) => p.done) ? resolve() : void setTimeout(check, 5));
      check();
    });
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ searchId, done: true, cancelled: true });
    expect(last.scanned).toBeLessThan(300_000);
  });
});
