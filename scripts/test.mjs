#!/usr/bin/env node
// `npm test`: runs every suite this machine can run, says which it could not run
// and why, and ends with one line "N passed, N failed". With REQUIRE_BROWSER=1 a
// missing Chromium fails the run; with TEST_DATABASE_URL set an unreachable
// PostgreSQL fails it. Extra arguments go to vitest (e.g. `npm test -- -t login`).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = path.join(root, "test-results");
fs.mkdirSync(resultsDir, { recursive: true });
const projects = ["core", "server-sqlite"];
const skipped = [];
const problems = [];

// PostgreSQL: the same integration suite, when a server is given.
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) {
  const probe = spawnSync(
    process.execPath,
    ["-e", `const pg=require("pg");const c=new pg.Client({connectionString:process.argv[1],connectionTimeoutMillis:5000});c.connect().then(()=>c.end()).catch(e=>{console.error(e.message);process.exit(1)})`, pgUrl],
    { cwd: path.join(root, "server"), encoding: "utf8" },
  );
  if (probe.status === 0) projects.push("server-postgres");
  else problems.push(`server-postgres: TEST_DATABASE_URL is set but PostgreSQL is not reachable (${probe.stderr.trim()})`);
} else {
  skipped.push("server-postgres: not run — TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres)");
}

// End-to-end: a real Chromium driven by playwright-core.
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (fs.existsSync(chromium)) projects.push("e2e");
else if (process.env.REQUIRE_BROWSER === "1") problems.push(`e2e: REQUIRE_BROWSER=1 but no Chromium at ${chromium} (apt-get install chromium)`);
else skipped.push(`e2e: not run — no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);

if (problems.length) {
  for (const p of problems) console.error(`✗ ${p}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// The suites import the core package's build; the browser suite needs the web build.
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.log("0 passed, 1 failed");
    process.exit(r.status ?? 1);
  }
};
run("npm", ["run", "--silent", "build", "-w", "@yichuang/core"]);
if (projects.includes("e2e") && webIsStale()) run("npm", ["run", "--silent", "build", "-w", "@yichuang/web"]);

const jsonFile = path.join(resultsDir, "vitest.json");
fs.rmSync(jsonFile, { force: true });
const args = ["run", ...projects.flatMap((p) => ["--project", p]), "--reporter=default", "--reporter=json", `--outputFile.json=${jsonFile}`, ...process.argv.slice(2)];
const vitest = spawnSync(path.join(root, "node_modules", ".bin", "vitest"), args, { cwd: root, stdio: "inherit", env: process.env });

let passed = 0;
let failed = 0;
let skippedTests = 0;
if (fs.existsSync(jsonFile)) {
  const report = JSON.parse(fs.readFileSync(jsonFile, "utf8"));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  skippedTests = report.numPendingTests + report.numTodoTests;
  // A file that fails to load has no tests but must still fail the run.
  failed += report.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
} else {
  failed = 1;
}
if (vitest.status !== 0 && failed === 0) failed = 1;

console.log("");
for (const s of skipped) console.log(`○ ${s}`);
console.log(`suites run: ${projects.join(", ")}`);
const summary = `${passed} passed, ${failed} failed${skippedTests ? `, ${skippedTests} skipped` : ""}`;
fs.writeFileSync(path.join(resultsDir, "summary.txt"), `${summary}\n`);
console.log(summary);
process.exit(failed > 0 ? 1 : 0);

/** True when the web build is missing or older than any web source file. */
function webIsStale() {
  const index = path.join(root, "web", "dist", "index.html");
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const newest = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
  const sources = [path.join(root, "web", "src"), path.join(root, "packages", "core", "src")].filter(fs.existsSync);
  return sources.some((d) => newest(d) > built) || fs.statSync(path.join(root, "web", "index.html")).mtimeMs > built;
}
