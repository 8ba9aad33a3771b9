#!/usr/bin/env node
// Draws build/icon.png (512×512 RGBA): a keyhole on a rounded teal square. Pure Node
// (zlib + a hand-written PNG encoder), so the icon is reproducible without any download.
// electron-builder derives the .icns/.ico and the Linux sizes from this one file.
// Usage: node build/make-icon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // 4×4 supersampling per pixel for smooth edges

const inRoundedSquare = (x, y) => {
  const margin = 24;
  const radius = 96;
  const lo = margin + radius;
  const hi = SIZE - margin - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return (
    x >= margin &&
    x <= SIZE - margin &&
    y >= margin &&
    y <= SIZE - margin &&
    dx * dx + dy * dy <= radius * radius
  );
};

const inKeyhole = (x, y) => {
  const cx = SIZE / 2;
  const head = (x - cx) ** 2 + (y - 200) ** 2 <= 72 ** 2;
  // A trapezoid widening downwards from the head to y = 380.
  const t = (y - 210) / (380 - 210);
  const halfWidth = 28 + t * 30;
  const stem = t >= 0 && t <= 1 && Math.abs(x - cx) <= halfWidth;
  return head || stem;
};

function pixel(px, py) {
  let square = 0;
  let hole = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      if (!inRoundedSquare(x, y)) continue;
      square++;
      if (inKeyhole(x, y)) hole++;
    }
  }
  const n = SAMPLES * SAMPLES;
  // Vertical gradient from #14807a to #0b4f57; keyhole in near-white.
  const g = py / SIZE;
  const bg = [20 + (11 - 20) * g, 128 + (79 - 128) * g, 122 + (87 - 122) * g];
  const fg = [244, 250, 249];
  const mix = square ? hole / square : 0;
  const rgb = bg.map((c, i) => Math.round(c * (1 - mix) + fg[i] * mix));
  return [...rgb, Math.round((square / n) * 255)];
}

function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function drawIcon() {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit depth, RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = process.argv[2] ?? new URL('./icon.png', import.meta.url);
writeFileSync(out, drawIcon());
