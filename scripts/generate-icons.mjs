// Draws Herald's app icons (a white bell on indigo) into public/icons/ and public/favicon.ico
// with nothing but Node: shapes are tested per pixel with 4×4 supersampling, written as PNG
// through zlib. Run `node scripts/generate-icons.mjs` after changing the drawing; the
// results are committed.
import { mkdirSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const INDIGO = [79, 70, 229]; // Tailwind indigo-600, the app's accent
const WHITE = [255, 255, 255];

/** The bell in unit coordinates (y down), inside the central 60% so maskable crops keep it. */
function inBell(x, y) {
  const dx = Math.abs(x - 0.5);
  const knob = Math.hypot(dx, y - 0.245) <= 0.04;
  const dome = y <= 0.41 && Math.hypot(dx, y - 0.41) <= 0.15;
  // The skirt widens from the dome to the rim.
  const skirt = y > 0.41 && y <= 0.65 && dx <= 0.15 + ((y - 0.41) / 0.24) ** 1.8 * 0.1;
  const rim = y > 0.63 && y <= 0.69 && (dx <= 0.25 || Math.hypot(dx - 0.25, y - 0.66) <= 0.03);
  const clapper = y > 0.69 && Math.hypot(dx, y - 0.7) <= 0.06;
  return knob || dome || skirt || rim || clapper;
}

/** RGBA pixels: the bell over a full-bleed square (`background`), or alone on transparency. */
function draw(size, { background, scale = 1 }) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) / size - 0.5) / scale + 0.5;
          const y = ((py + (sy + 0.5) / samples) / size - 0.5) / scale + 0.5;
          if (inBell(x, y)) hits++;
        }
      }
      const cover = hits / (samples * samples);
      const i = (py * size + px) * 4;
      if (background) {
        for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(background[c] * (1 - cover) + WHITE[c] * cover);
        pixels[i + 3] = 255;
      } else {
        pixels.set(WHITE, i);
        pixels[i + 3] = Math.round(255 * cover);
      }
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

/** An .ico holding one PNG image (supported by every current browser). */
function ico(size, pngBytes) {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  header.set([size, size, 0, 0], 6);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(pngBytes.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, pngBytes]);
}

const out = new URL("../public/", import.meta.url);
mkdirSync(new URL("icons/", out), { recursive: true });
for (const size of [192, 512]) writeFileSync(new URL(`icons/icon-${size}.png`, out), png(size, draw(size, { background: INDIGO })));
writeFileSync(new URL("icons/apple-touch-icon.png", out), png(180, draw(180, { background: INDIGO })));
// Android shows the badge as a silhouette from its alpha channel.
writeFileSync(new URL("icons/badge-72.png", out), png(72, draw(72, { background: null, scale: 1.5 })));
writeFileSync(new URL("favicon.ico", out), ico(32, png(32, draw(32, { background: INDIGO, scale: 1.4 }))));
