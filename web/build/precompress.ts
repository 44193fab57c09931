import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Plugin } from "vite";

/** Files worth compressing: text the browser fetches (the entry page is sent by the server itself, per request). */
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|txt|xml|webmanifest)$/i;
/** Smaller files gain less than a request's headers cost. */
const MIN_BYTES = 1024;

/**
 * Writes `name.br` (Brotli, best quality) and `name.gz` (gzip, level 9) beside every compressible file
 * of `dir` but the entry page, once at build time; the server sends them to browsers that accept them
 * (@fastify/static preCompressed), so no answer is compressed per request. Returns the files written.
 */
export function precompressDir(dir: string): string[] {
  const written: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (COMPRESSIBLE.test(entry.name) && file !== path.join(dir, "index.html")) {
        const bytes = fs.readFileSync(file);
        if (bytes.length < MIN_BYTES) continue;
        const br = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
        const gz = zlib.gzipSync(bytes, { level: 9 });
        // A compressed file no smaller than the original is not worth its decoding.
        if (br.length < bytes.length) fs.writeFileSync(`${file}.br`, br), written.push(`${file}.br`);
        if (gz.length < bytes.length) fs.writeFileSync(`${file}.gz`, gz), written.push(`${file}.gz`);
      }
    }
  };
  walk(dir);
  return written;
}

/** The Vite plugin: precompresses the build's output once it is written. */
export function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "yc-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      precompressDir(outDir);
    },
  };
}
