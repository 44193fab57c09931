#!/usr/bin/env node
// `npm run bench`: every benchmark, one after the other (they share the machine's two cores).
// Needs the build (npm install does it). Extra arguments (--duration=S, --runs=N) go to each.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
let failed = false;
for (const bench of ["foundation.mjs", "registration.mjs", "cases.mjs", "evaluation.mjs", "assessment.mjs", "hotline.mjs", "sms.mjs", "sms-import.mjs", "dashboard.mjs", "calendar.mjs", "reads.mjs", "web.mjs"]) {
  console.log(`\n== ${bench}`);
  const r = spawnSync(process.execPath, [path.join(here, bench), ...process.argv.slice(2)], { stdio: "inherit" });
  failed ||= r.status !== 0;
}
process.exit(failed ? 1 : 0);
