// The working calendar (issue 16): recounting every open deadline after a calendar change while
// others use the server. The server's clock starts at 2026-12-30 09:00 (CLOCK_START), before the
// 2027 schedule is known; the database holds --cases open registration cases (default 50,000,
// accepted 21–31 December, five review tasks each), --hotline open 12316 tickets (default 25,000)
// and --rectifications open bad-review follow-ups (default 25,000): 100,000 open cases and tickets,
// many of them due in 2027 on the estimate. The administrator then enters the 2027 schedule (a
// test notice in the State Council's format); measured: the time until no open deadline is left on
// the old revision (the revision marked recounted), the deadlines moved, the time until their
// holders were told; meanwhile a signed-in read (GET /api/notifications) and /healthz are asked one
// after the other without pause, each answer's latency kept (target p99 < 200 ms, recount < 10 s).
// SQLite, and PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
// Options: --cases=N --hotline=N --rectifications=N --only=sqlite|postgres
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { login, onFreshPostgres, withServer } from "./lib/server.mjs";
import { root } from "./lib/procs.mjs";

const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt;
const CASES = Number(arg("cases", 50_000));
const HOTLINE = Number(arg("hotline", 25_000));
const RECTIFICATIONS = Number(arg("rectifications", 25_000));
const ONLY = arg("only", undefined);
const CLOCK_START = "2026-12-30T09:00:00+08:00";
const dist = (p) => path.join(root, "server", "dist", p);
const { buildCases, buildOpenHotlineTickets, buildOpenRectifications } = await import(dist("testing/factories.js"));
const { WorkingCalendar } = await import("@yichuang/core");
const NOTICE = fs.readFileSync(path.join(root, "server", "test", "fixtures", "notice-2027-test.txt"), "utf8");
const r1 = (x) => Math.round(x * 10) / 10;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null;
};
const days = (from, n) => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

/** Asks `urls` one after the other without pause until stopped; each answer's latency and status. */
function keepAsking(base, headers, urls) {
  const waits = [];
  const statuses = new Map();
  let on = true;
  const run = (async () => {
    for (let i = 0; on; i++) {
      const s = performance.now();
      const res = await fetch(`${base}${urls[i % urls.length]}`, { headers });
      await res.arrayBuffer();
      waits.push(performance.now() - s);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  })();
  return { stop: async () => ((on = false), await run, { waits, statuses: Object.fromEntries(statuses) }) };
}

async function measure(label, env) {
  let out;
  await withServer({ ...env, CLOCK_START }, async (base, db) => {
    const t0 = performance.now();
    const founder = await db.selectFrom("users").select("id").where("username", "=", "founder").executeTakeFirstOrThrow();
    const expert = await db.selectFrom("users").select(["id", "department_id"]).where("username", "=", "expert").executeTakeFirstOrThrow();
    const farm = await db.selectFrom("centres").select("id").where("kind", "=", "farm").executeTakeFirstOrThrow();
    const clerk = await db.selectFrom("users").select(["id", "department_id", "home_window_id"]).where("username", "=", "clerk").executeTakeFirstOrThrow();
    const accepted = days("2026-12-21", 11);
    for (let i = 0, k = 0; i < CASES; i += 5_000, k++) {
      await buildCases(db, { applicantId: founder.id, count: Math.min(5_000, CASES - i), openTasks: true, acceptedDate: accepted[k % accepted.length], seedFrom: 2_000_000 + i });
    }
    const opened = days("2026-12-28", 4).flatMap((d) => ["09:10", "14:30", "16:45"].map((hm) => new Date(`${d}T${hm}:00+08:00`).toISOString()));
    await buildOpenHotlineTickets(db, { centreId: farm.id, count: HOTLINE, openedAt: opened, assigneeId: expert.id });
    const reviewDays = days("2026-12-21", 11);
    await buildOpenRectifications(db, { clerkId: clerk.id, windowId: clerk.home_window_id, departmentId: clerk.department_id, days: reviewDays, perDay: Math.ceil(RECTIFICATIONS / reviewDays.length) });
    const count = async (table, statuses) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).where("status", "in", statuses).executeTakeFirstOrThrow()).n);
    const open = {
      cases: await count("cases", ["in_review"]),
      reviewTasks: await count("review_tasks", ["open", "awaiting_supplement"]),
      hotlineTickets: await count("hotline_tickets", ["open", "transferred", "visit"]),
      rectifications: await count("rectification_tickets", ["open", "verified"]),
    };
    const loadSeconds = r1((performance.now() - t0) / 1000);

    const admin = await login(base, "admin");
    const reader = await login(base, "clerk");
    const probe = keepAsking(base, reader, ["/api/notifications", "/healthz"]);
    await new Promise((r) => setTimeout(r, 1000));
    const before = (await probe.stop()).waits;

    /**
     * Every open review task's deadline and 预计 flag against a count made here, on the calendar as the
     * server publishes it (GET /api/calendar/years/…): the recount must leave none wrong.
     */
    const checkTasks = async () => {
      const years = [];
      const closures = [];
      for (const y of [2026, 2027]) {
        const view = await (await fetch(`${base}/api/calendar/years/${y}`, { headers: admin })).json();
        if (view.source !== "estimate") years.push({ year: y, days: view.days.filter((d) => d.kind === "holiday" || d.kind === "makeup").map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? "" })) });
        for (const d of view.days) if (d.closure) closures.push({ date: d.date, reason: d.closure });
      }
      const cal = new WorkingCalendar({ years, closures, withoutPackage: false });
      const tasks = await db.selectFrom("review_tasks").select(["started_date", "promised_days", "paused_working_days", "deadline_date", "deadline_provisional"]).where("status", "in", ["open", "awaiting_supplement"]).execute();
      let wrong = 0;
      for (const t of tasks) {
        const d = cal.deadline(t.started_date, Number(t.promised_days) + Number(t.paused_working_days));
        if (d.date !== t.deadline_date || (d.provisional ? 1 : 0) !== Number(t.deadline_provisional)) wrong++;
      }
      return { tasksChecked: tasks.length, tasksWrong: wrong };
    };

    /** Makes one calendar change and measures its recount while the reader keeps asking. */
    const change = async (what, url, body) => {
      const during = keepAsking(base, reader, ["/api/notifications", "/healthz"]);
      const s = performance.now();
      const res = await fetch(`${base}${url}`, { method: "POST", headers: { ...admin, "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`${what}: ${res.status} ${await res.text()}`);
      const savedMs = performance.now() - s;
      const revision = Number((await db.selectFrom("counters").select("value").where("key", "=", "calendar-revision").executeTakeFirstOrThrow()).value);
      let recountedMs = null;
      let notifiedMs = null;
      for (;;) {
        const row = await db.selectFrom("calendar_revisions").select(["recomputed_at", "notified_at"]).where("revision", "=", revision).executeTakeFirstOrThrow();
        if (row.recomputed_at && recountedMs === null) recountedMs = performance.now() - s;
        if (row.notified_at && notifiedMs === null) notifiedMs = performance.now() - s;
        if (row.notified_at || performance.now() - s > 600_000) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const { waits, statuses } = await during.stop();
      const moved = Number((await db.selectFrom("deadline_changes").select((eb) => eb.fn.countAll().as("n")).where("revision", "=", revision).executeTakeFirstOrThrow()).n);
      const holdersTold = Number((await db.selectFrom("notifications").select((eb) => eb.fn.countAll().as("n")).where("title", "=", "办理期限已随工作日历调整").where("created_at", ">=", (await db.selectFrom("calendar_revisions").select("created_at").where("revision", "=", revision).executeTakeFirstOrThrow()).created_at).executeTakeFirstOrThrow()).n);
      return {
        change: what,
        revision,
        saveAnsweredMs: r1(savedMs),
        recountSeconds: recountedMs === null ? null : r1(recountedMs / 1000),
        notifiedSeconds: notifiedMs === null ? null : r1(notifiedMs / 1000),
        deadlinesMoved: moved,
        holdersTold,
        ...(await checkTasks()),
        requestsMeanwhile: { count: waits.length, statuses, p50Ms: r1(pct(waits, 50)), p99Ms: r1(pct(waits, 99)), maxMs: r1(waits.reduce((a, b) => Math.max(a, b), 0)) },
        targets: { recountUnder10s: recountedMs !== null && recountedMs < 10_000, p99Under200ms: pct(waits, 99) < 200 },
      };
    };
    // The 2027 schedule entered: every open deadline recounted, those over the estimate made firm.
    const entered = await change("2027 schedule entered", "/api/admin/calendar/years/2027/versions", { source: "notice", text: NOTICE, expectedVersion: 0 });
    const provisionalLeft = Number((await db.selectFrom("review_tasks").select((eb) => eb.fn.countAll().as("n")).where("status", "in", ["open", "awaiting_supplement"]).where("deadline_provisional", "=", 1).executeTakeFirstOrThrow()).n);
    // A closure on 2026-12-31: nearly every open deadline moves a day, each recorded and its holders told.
    const closed = await change("closure on 2026-12-31", "/api/calendar/closures", { date: "2026-12-31", reason: "台风停工（压测）" });
    out = {
      label,
      open,
      openCasesAndTickets: open.cases + open.hotlineTickets + open.rectifications,
      loadSeconds,
      requestsBefore: { count: before.length, p50Ms: r1(pct(before, 50)), p99Ms: r1(pct(before, 99)) },
      changes: [{ ...entered, tasksStillProvisional: provisionalLeft }, closed],
    };
  });
  console.log(JSON.stringify(out, null, 2));
  return out;
}

const results = [];
if (ONLY !== "postgres") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-bench-calendar-"));
  results.push(await measure("sqlite", { DATA_DIR: dir }));
  fs.rmSync(dir, { recursive: true, force: true });
}
if (ONLY !== "sqlite") {
  const pgResult = await onFreshPostgres("yc_bench_calendar", (url, dir) => measure("postgres", { DATA_DIR: dir, DATABASE_URL: url }));
  if (pgResult) results.push(pgResult);
}
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "calendar.json"), JSON.stringify({ at: new Date().toISOString(), machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`, results }, null, 2));
