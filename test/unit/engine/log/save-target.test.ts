// The leftovers of saves that died: removed beside the target once old enough, and only theirs.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkTarget, removeStaleTemps, STALE_TEMP_MS } from '../../../../src-main/engine/log/save-target.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(names: Record<string, number>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirebench-save-target-'));
  dirs.push(dir);
  for (const [name, ageMs] of Object.entries(names)) {
    writeFileSync(path.join(dir, name), 'x');
    const at = new Date(Date.now() - ageMs);
    utimesSync(path.join(dir, name), at, at);
  }
  return dir;
}

describe('removeStaleTemps', () => {
  it("removes only the target's own old temporary files; a save still writing keeps its own", async () => {
    const old = STALE_TEMP_MS + 5000;
    const dir = folder({
      'log.jsonl': old,
      '.log.jsonl.0123456789ab.part': old,
      '.log.jsonl.aaaaaaaaaaaa.part': 1000,
      '.other.jsonl.0123456789ab.part': old,
      '.log.jsonl.notahexname0.part': old,
      '.log.jsonl.0123456789ab.partial': old,
    });
    await removeStaleTemps(path.join(dir, 'log.jsonl'), STALE_TEMP_MS);
    expect(readdirSync(dir).sort()).toEqual(['.log.jsonl.0123456789ab.partial', '.log.jsonl.aaaaaaaaaaaa.part', '.log.jsonl.notahexname0.part', '.other.jsonl.0123456789ab.part', 'log.jsonl']);
  });

  it('runs as a save checks its target', async () => {
    const dir = folder({ '.log.jsonl.0123456789ab.part': STALE_TEMP_MS + 1000 });
    await checkTarget(path.join(dir, 'log.jsonl'), false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
