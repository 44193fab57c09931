import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore } from "../src/platform/files.js";
import { generateDemo } from "../src/demo/generate.js";
import { startTestApp, type TestApp } from "./helpers/harness.js";
import { shanghaiToday } from "../src/platform/clock.js";

/** The generated demo: deterministic by seed, the whole pipeline of the first start, and its command. */
const today = shanghaiToday();
const apps: TestApp[] = [];
afterAll(async () => Promise.all(apps.map((a) => a.close())));

async function generated(seed: number, scale = 0.03) {
  const t = await startTestApp({}, (tdb) => generateDemo(tdb.db, tdb.config, new FileStore(path.join(tdb.config.dataDir, "files")), { today, seed, scale }));
  apps.push(t);
  // What the year generator drew (ids included); not what the first start's services stamp with the clock.
  const start = new Date(Date.parse(`${today}T00:00:00+08:00`)).toISOString();
  return {
    events: await t.db.selectFrom("outreach_events").select(["id", "event_date", "place_code", "activity", "problems_solved", "people_served", "status"]).orderBy("id").execute(),
    cases: await t.db.selectFrom("cases").select(["id", "number", "accepted_date", "completed_date", "uscc", "status", "supplement_round"]).orderBy("id").execute(),
    tasks: await t.db.selectFrom("review_tasks").select(["id", "case_id", "department_code", "decided_date"]).orderBy("id").execute(),
    tickets: await t.db.selectFrom("hotline_tickets").select(["id", "number", "category", "text", "status", "resolution", "created_at"]).where("created_at", "<", start).orderBy("id").execute(),
    outbox: await t.db.selectFrom("sms_outbox").select(["idempotency_key", "state", "sent_at"]).where("broadcast_id", "is not", null).orderBy("idempotency_key").execute(),
    teams: await t.db.selectFrom("service_teams").select(["id", "name", "brand", "founded_on"]).orderBy("id").execute(),
    t,
  };
}

describe("generateDemo", () => {
  it("gives the same records for the same seed and day, and others for another seed", async () => {
    const [a, b, c] = [await generated(7), await generated(7), await generated(8)];
    for (const k of ["events", "cases", "tasks", "tickets", "outbox", "teams"] as const) {
      expect(a[k].length, k).toBeGreaterThan(0);
      expect(b[k], k).toEqual(a[k]);
    }
    expect(c.events).not.toEqual(a.events);
    expect(c.cases).not.toEqual(a.cases);
  }, 120_000);

  it("runs the whole first start: the centre, the year, the history assessed, today's desk; a database with data is left alone", async () => {
    const { t } = await generated(9, 0.2);
    const n = async (table: "users" | "outreach_events" | "cases" | "hotline_tickets" | "assessment_quarters" | "sms_subscribers" | "knowledge_entries") => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    expect(await n("assessment_quarters")).toBe(3);
    expect(await n("knowledge_entries")).toBeGreaterThan(0);
    // Today's calls at the 12316 desk come on top of the year's.
    expect((await t.db.selectFrom("hotline_tickets").select("id").where("created_at", ">=", new Date(Date.parse(`${today}T00:00:00+08:00`)).toISOString()).execute()).length).toBeGreaterThan(0);
    const before = { users: await n("users"), events: await n("outreach_events"), cases: await n("cases") };
    expect(await generateDemo(t.db, t.tdb.config, new FileStore(path.join(t.tdb.config.dataDir, "files")), { today })).toBeNull();
    expect({ users: await n("users"), events: await n("outreach_events"), cases: await n("cases") }).toEqual(before);
    // The ticket, case and application numbers go on after the year's.
    const last = await t.db.selectFrom("cases").select("number").orderBy("number", "desc").limit(1).executeTakeFirstOrThrow();
    const year = today.slice(0, 4);
    const counter = await t.db.selectFrom("counters").select("value").where("key", "=", `case-number-${year}`).executeTakeFirst();
    if (last.number.startsWith(`JX${year}`)) expect(Number(counter!.value)).toBe(Number(last.number.slice(-6)));
    // Every open deadline of the demo is counted as the product counts it: the first start's recount moves none, tells nobody.
    const start = new Date(Date.parse(`${today}T00:00:00+08:00`)).toISOString();
    expect((await t.db.selectFrom("hotline_tickets").select("id").where("status", "!=", "closed").where("created_at", "<", start).execute()).length).toBeGreaterThan(0);
    await t.app.workingCalendar.recount.run();
    expect(await t.db.selectFrom("calendar_revisions").select(["revision", "recomputed_at"]).execute()).toEqual([{ revision: 1, recomputed_at: expect.any(String) }]);
    expect(await t.db.selectFrom("deadline_changes").select("id").execute()).toEqual([]);
  }, 120_000);
});

describe("npm run demo:generate", () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yc-demo-cli-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(root, "server", "src", "cli", "demo.ts"), ...args], { cwd: path.join(root, "server"), env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" }, encoding: "utf8" });

  it("generates into the configured database, refuses one with data, and starts again with --reset", () => {
    const first = run("--seed=5", `--today=${today}`, "--scale=0.02");
    expect(first.status, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ seed: 5, today, year: { events: { confirmed: 64, problemsSolved: 340, peopleServed: 2700 } } });
    const again = run("--seed=5");
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("--reset");
    const reset = run("--seed=5", `--today=${today}`, "--scale=0.02", "--reset");
    expect(reset.status, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout).year).toEqual(summary.year);
    expect(run("--today=tomorrow").stderr).toContain("--today");
  }, 120_000);
});
