// Subscriber import and export while others use the server (issue 8 review): on SQLite every query
// runs on the server's own thread, so a long import or export must leave room for other requests.
// A first start with the demo, then --rows (default 60,000) subscribers uploaded as CSV by the
// operator; meanwhile /healthz is asked every 50 ms and each answer's latency kept, and the import's
// progress polled (how many distinct values it showed before done). Then the export of every
// subscriber, the same way. Reported: the import's and export's wall time, the longest /healthz
// wait (the longest the server stood still) and its p99, progress steps seen. SQLite, and PostgreSQL
// when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
// Options: --rows=N, --only=sqlite|postgres, --format=csv|xlsx (the file uploaded; default csv).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { login, onFreshPostgres, probeHealthz, withServer } from "./lib/server.mjs";
import { root } from "./lib/procs.mjs";

const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt;
const ROWS = Number(arg("rows", 60_000));
const ONLY = arg("only", undefined);
const FORMAT = arg("format", "csv");
const r1 = (x) => Math.round(x * 10) / 10;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null;
};

function csv(rows) {
  const lines = ["手机号,姓名,村（社区）代码,身份,关注品种"];
  const villages = ["330402103215"]; // 南湖区新丰镇竹林村
  const tags = ["水稻", "湖羊", "南美白对虾", "加州鲈", "黄桃", "葡萄"];
  for (let i = 0; i < rows; i++) lines.push(`13${String(600000000 + i).padStart(9, "0")},订户${i},${villages[i % villages.length]},${i % 3 ? "农户" : "收购商"},${tags[i % tags.length]}`);
  return Buffer.from(lines.join("\n"));
}

/** The same list as a workbook (the first sheet), as a clerk's Excel would hold it. */
async function xlsx(rows) {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("订户");
  for (const line of csv(rows).toString("utf8").split("\n")) ws.addRow(line.split(","));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function measure(label, env) {
  let out;
  await withServer(env, async (base) => {
    const headers = await login(base, "operator");
    const body = FORMAT === "xlsx" ? await xlsx(ROWS) : csv(ROWS);
    const boundary = "----yc-bench";
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="consentMethod"\r\n\r\nimport\r\n`),
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="bench.${FORMAT}"\r\ncontent-type: ${FORMAT === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv"}\r\n\r\n`),
      body,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const p1 = probeHealthz(base, 50);
    const t0 = performance.now();
    const res = await fetch(`${base}/api/sms/imports`, { method: "POST", headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}` }, body: payload });
    if (res.status !== 202) throw new Error(`import: ${res.status} ${await res.text()}`);
    const accepted = performance.now() - t0;
    const { id } = await res.json();
    const steps = new Set();
    let status;
    for (;;) {
      status = await (await fetch(`${base}/api/sms/imports/${id}`, { headers })).json();
      steps.add(status.done);
      if (status.status !== "processing") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const importMs = performance.now() - t0;
    const w1 = await p1.stop();
    const p2 = probeHealthz(base, 50);
    const t1 = performance.now();
    const exp = await fetch(`${base}/api/sms/subscribers/export.xlsx`, { headers });
    const bytes = (await exp.arrayBuffer()).byteLength;
    const exportMs = performance.now() - t1;
    const w2 = await p2.stop();
    out = {
      label,
      rows: ROWS,
      format: FORMAT,
      imported: status.imported,
      importStatus: status.status,
      uploadAcceptedMs: r1(accepted),
      importSeconds: r1(importMs / 1000),
      progressStepsSeen: steps.size,
      healthzDuringImport: { maxMs: r1(Math.max(...w1)), p99Ms: r1(pct(w1, 99)), samples: w1.length },
      exportStatus: exp.status,
      exportBytes: bytes,
      exportSeconds: r1(exportMs / 1000),
      healthzDuringExport: { maxMs: r1(Math.max(...w2)), p99Ms: r1(pct(w2, 99)), samples: w2.length },
    };
  });
  console.log(JSON.stringify(out, null, 2));
  return out;
}

const results = [];
if (ONLY !== "postgres") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-import-"));
  results.push(await measure("sqlite", { DATA_DIR: dir }));
  fs.rmSync(dir, { recursive: true, force: true });
}
if (ONLY !== "sqlite") {
  const pgResult = await onFreshPostgres("yc_bench_import", (url, dir) => measure("postgres", { DATA_DIR: dir, DATABASE_URL: url }));
  if (pgResult) results.push(pgResult);
}
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "sms-import.json"), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
