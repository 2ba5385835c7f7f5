// `node scripts/make-icons.mjs`: the app's icons in build/, where electron-builder looks for them,
// drawn from resources/icon.svg. Rerun it when the SVG changes and commit what it writes.
// Chromium (Debian's, as the browser tests use) rasterises the SVG; the .ico and .icns are small
// containers of those PNGs, written here byte by byte, so no image tool needs installing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { ROOT } from './run-steps.mjs';

const SOURCE = join(ROOT, 'resources', 'icon.svg');
const OUT = join(ROOT, 'build');
const CHROMIUM = process.env.CASEBRIDGE_CHROMIUM ?? '/usr/bin/chromium';
// Windows picks from these for the taskbar, Explorer and the installer (256 is the largest it shows).
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// macOS icon types that hold a PNG, by pixel size (ic11-ic14 are the @2x versions of 16-256).
const ICNS_TYPES = [
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

/** PNGs of the SVG at each size, with a transparent background. */
async function rasterise(svg, sizes) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const pngs = new Map();
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`);
      await page.locator('img').evaluate((img) => img.decode());
      pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

/** A Windows .ico holding PNG images (Vista and later read PNG entries). */
export function icoOf(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

/** A macOS .icns: 'icns', the total length, then (type, length, PNG) blocks. */
export function icnsOf(images) {
  const blocks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + blocks.reduce((sum, block) => sum + block.length, 0), 4);
  return Buffer.concat([head, ...blocks]);
}

const sizes = [...new Set([...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => size)])].sort((a, b) => a - b);
const pngs = await rasterise(readFileSync(SOURCE, 'utf8'), sizes);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'icon.png'), pngs.get(1024));
writeFileSync(join(OUT, 'icon.ico'), icoOf(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
writeFileSync(join(OUT, 'icon.icns'), icnsOf(ICNS_TYPES.map(([type, size]) => ({ type, png: pngs.get(size) }))));
console.log(`casebridge: wrote build/icon.png (1024 px), build/icon.ico (${ICO_SIZES.join(', ')} px) and build/icon.icns (${ICNS_TYPES.length} images).`);
