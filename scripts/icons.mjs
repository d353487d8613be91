// `node scripts/icons.mjs` (run by `npm run dist`): the app's icon sets from its one source,
// build/icon.svg: build/icons/<size>x<size>.png (Linux), build/icon.ico (Windows: PNG entries),
// build/icon.icns (macOS: PNG entries) and build/icon.png (1024). The SVG is drawn by Chromium
// (the one the tests use), so no image library is needed. The outputs are not committed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = path.join(root, 'build');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** An ICO file of PNG images (Windows Vista and later read PNG entries). */
export function ico(pngs) {
  const entries = pngs.filter((p) => p.size <= 256);
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach((p, i) => {
    const at = 6 + 16 * i;
    header[at] = p.size === 256 ? 0 : p.size;
    header[at + 1] = p.size === 256 ? 0 : p.size;
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(p.data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += p.data.length;
  });
  return Buffer.concat([header, ...entries.map((p) => p.data)]);
}

/** The ICNS types holding PNGs, by pixel size. */
const ICNS_TYPES = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };

/** An ICNS file of PNG entries. */
export function icns(pngs) {
  const parts = pngs.filter((p) => ICNS_TYPES[p.size]).map((p) => {
    const head = Buffer.alloc(8);
    head.write(ICNS_TYPES[p.size], 0, 'ascii');
    head.writeUInt32BE(8 + p.data.length, 4);
    return Buffer.concat([head, p.data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

async function render(svg) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const pngs = [];
    for (const size of SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`);
      pngs.push({ size, data: await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }) });
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const pngs = await render(readFileSync(path.join(build, 'icon.svg'), 'utf8'));
  mkdirSync(path.join(build, 'icons'), { recursive: true });
  for (const p of pngs) writeFileSync(path.join(build, 'icons', `${p.size}x${p.size}.png`), p.data);
  writeFileSync(path.join(build, 'icon.png'), pngs.find((p) => p.size === 1024).data);
  writeFileSync(path.join(build, 'icon.ico'), ico(pngs));
  writeFileSync(path.join(build, 'icon.icns'), icns(pngs));
  console.log(`build/icons/*.png (${SIZES.join(', ')}), build/icon.png, build/icon.ico, build/icon.icns`);
}
