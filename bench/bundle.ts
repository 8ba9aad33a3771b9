// The bundle figure: the renderer bundle as built (out/renderer): JS and CSS, raw and gzip.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleResult {
  files: { file: string; raw: number; gzip: number }[];
  js: { raw: number; gzip: number };
  css: { raw: number; gzip: number };
  total: { raw: number; gzip: number };
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

export function measureBundle(rendererDir: string): BundleResult {
  const result: BundleResult = {
    files: [],
    js: { raw: 0, gzip: 0 },
    css: { raw: 0, gzip: 0 },
    total: { raw: 0, gzip: 0 },
  };
  for (const path of walk(rendererDir)) {
    const kind =
      extname(path) === '.js' || extname(path) === '.mjs' ? 'js' : extname(path) === '.css' ? 'css' : null;
    if (!kind) continue;
    const content = readFileSync(path);
    const sizes = { raw: content.length, gzip: gzipSync(content).length };
    result.files.push({ file: relative(rendererDir, path), ...sizes });
    for (const bucket of [result[kind], result.total]) {
      bucket.raw += sizes.raw;
      bucket.gzip += sizes.gzip;
    }
  }
  return result;
}
