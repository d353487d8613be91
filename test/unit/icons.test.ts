// The icon containers scripts/icons.mjs writes from the PNGs Chromium draws of build/icon.svg:
// ICO (Windows) and ICNS (macOS) with PNG entries, laid out as their readers expect.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, no types
import { icns, ico } from '../../scripts/icons.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const png = (size: number): { size: number; data: Buffer } => ({ size, data: Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(size)]) });

describe('icons', () => {
  it('one source: build/icon.svg, square', () => {
    const svg = readFileSync(`${root}/build/icon.svg`, 'utf8');
    expect(svg).toMatch(/viewBox="0 0 1024 1024"/);
  });

  it('ICO: a directory of the PNGs up to 256 px (256 written as 0), offsets to each', () => {
    const pngs = [16, 32, 256, 512].map(png);
    const file: Buffer = ico(pngs);
    expect(file.readUInt16LE(2)).toBe(1);
    expect(file.readUInt16LE(4)).toBe(3);
    const entries = [0, 1, 2].map((i) => ({ w: file[6 + 16 * i], size: file.readUInt32LE(6 + 16 * i + 8), offset: file.readUInt32LE(6 + 16 * i + 12) }));
    expect(entries.map((e) => e.w)).toEqual([16, 32, 0]);
    for (const [i, e] of entries.entries()) expect(file.subarray(e.offset, e.offset + e.size).equals(pngs[i]!.data)).toBe(true);
  });

  it('ICNS: "icns", its length, then typed PNG entries (icp4, ic07, ic10...)', () => {
    const pngs = [16, 128, 1024, 24].map(png);
    const file: Buffer = icns(pngs);
    expect(file.toString('ascii', 0, 4)).toBe('icns');
    expect(file.readUInt32BE(4)).toBe(file.length);
    const types: string[] = [];
    for (let at = 8; at < file.length; at += file.readUInt32BE(at + 4)) types.push(file.toString('ascii', at, at + 4));
    expect(types).toEqual(['icp4', 'ic07', 'ic10']);
  });
});
