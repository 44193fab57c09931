import fs from "node:fs";
import { createRequire } from "node:module";
import { woffToSfnt } from "./woff.js";

let cache: Buffer | undefined;

/**
 * Noto Sans SC (the simplified-Chinese set, with Latin and digits) from the
 * @fontsource/noto-sans-sc package, as TrueType: for PDFs with Chinese text.
 * Its only gap in our texts is the check box "□".
 */
export function chineseFont(): Buffer {
  if (!cache) {
    const require = createRequire(import.meta.url);
    const dir = require.resolve("@fontsource/noto-sans-sc/package.json").replace(/package\.json$/, "files/");
    cache = woffToSfnt(fs.readFileSync(`${dir}noto-sans-sc-chinese-simplified-400-normal.woff`));
  }
  return cache;
}
