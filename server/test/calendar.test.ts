import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_CALENDAR, WorkingCalendar, parseCalendarIcs, parseHolidayNotice, rectificationDeadlines, slaDueTimes } from "@yichuang/core";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { warnAdministrators } from "../src/platform/calendar/calendar.service.js";
import { clock } from "../src/platform/clock.js";
import { submittedCase } from "./helpers/cases.js";
import { startTestApp, type Client, type TestApp } from "./helpers/harness.js";

/**
 * The working calendar the centre keeps (issue 16), with the server's clock moved to the turn of
 * 2026/2027 and across the 2027 Spring Festival. The 2027 notice is a test fixture in the State
 * Council's format (test/fixtures/notice-2027-test.txt), not the real 2027 schedule.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
/** A village of the demo farm centre (南湖区新丰镇竹林村). */
const VILLAGE = "330402103215";
const NOTICE_2027 = fs.readFileSync(path.join(here, "fixtures", "notice-2027-test.txt"), "utf8");

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  clock.setTo("2026-12-30T09:00:00+08:00");
  t = await startTestApp();
  admin = await t.login("admin");
});
afterAll(async () => {
  await t?.close();
  clock.reset();
});

/** Moves the server's clock to a local time in Asia/Shanghai; the administrator signs in again (a session idles out over days). */
async function at(local: string) {
  clock.setTo(`${local}+08:00`);
  admin = await t.login("admin");
}
/**
 * Waits for the recount of open deadlines a calendar change starts, then checks every open deadline
 * against a count made here on the calendar in force: none may be left as it was counted before.
 */
async function recounted() {
  await t.app.workingCalendar.recount.run();
  const service = t.app.workingCalendar.service;
  service.invalidate();
  const cal = await service.get();
  const tasks = await t.db.selectFrom("review_tasks").selectAll().where("status", "in", ["open", "awaiting_supplement"]).execute();
  for (const k of tasks) {
    const d = cal.deadline(k.started_date, k.promised_days + k.paused_working_days);
    expect([k.deadline_date, k.deadline_provisional], `task ${k.id} from ${k.started_date}`).toEqual([d.date, d.provisional ? 1 : 0]);
  }
  for (const k of await t.db.selectFrom("rectification_tickets").selectAll().where("status", "in", ["open", "verified"]).execute()) {
    const d = rectificationDeadlines(cal, k.opened_date, k.complex === 1);
    expect([k.verify_due, k.fix_due, k.deadlines_estimated], `rectification ${k.number}`).toEqual([d.verifyDue, d.fixDue, d.estimated ? 1 : 0]);
  }
  for (const k of await t.db.selectFrom("hotline_tickets").selectAll().where("status", "in", ["open", "transferred", "visit"]).where("waiting_since", "is", null).execute()) {
    const pauses = await t.db.selectFrom("hotline_pauses").selectAll().where("ticket_id", "=", k.id).execute();
    const d = slaDueTimes(cal, { openedAt: k.created_at, pauses: pauses.map((p) => ({ from: p.from_at, to: p.to_at })), responseMinutes: k.response_minutes, solutionMinutes: k.solution_minutes });
    expect([k.response_due_at, k.solution_due_at, k.due_provisional], `12316 ticket ${k.number}`).toEqual([d.responseDue, d.solutionDue, d.provisional ? 1 : 0]);
  }
}
/** A case accepted at the single window now; returns it as the clerk sees it. */
async function acceptedCase() {
  const { kase, founder } = await submittedCase(t);
  const clerk = await t.login("clerk");
  const res = await clerk.post(`/api/cases/${kase.id}/accept`);
  expect(res.statusCode, res.body).toBe(200);
  return { kase: res.json(), founder, clerk };
}
const amr = (kase: { tasks: { department: string }[] }) => kase.tasks.find((x) => x.department === "AMR") as { deadlineDate: string; deadlineProvisional: boolean; id: string; light: string };

async function enter2027(expectedVersion = 0) {
  const res = await admin.post("/api/admin/calendar/years/2027/versions", { source: "notice", text: NOTICE_2027, expectedVersion });
  expect(res.statusCode, res.body).toBe(201);
  await recounted();
  return res.json();
}

describe("#calendar deadlines across the year's end without the next year's schedule", () => {
  it("accepts on 2026-12-30 and 2026-12-31 with deadlines in 2027 counted on the estimate and marked provisional, never a 500", async () => {
    await at("2026-12-30T09:00:00");
    const first = await acceptedCase();
    // 12-31 Thursday works; 2027-01-01 is 元旦 by the rules, then the weekend: the second working day is Monday 01-04.
    expect(amr(first.kase)).toMatchObject({ deadlineDate: "2027-01-04", deadlineProvisional: true });
    await at("2026-12-31T10:00:00");
    const second = await acceptedCase();
    expect(amr(second.kase)).toMatchObject({ deadlineDate: "2027-01-05", deadlineProvisional: true });
    // A one-day task within 2026 is firm.
    await at("2026-12-29T10:00:00");
    const early = await acceptedCase();
    expect(early.kase.tasks.find((x: { department: string; status: string }) => x.status === "open" && x.department !== "AMR")?.deadlineProvisional ?? false).toBe(false);
    await at("2026-12-30T09:00:00");
  });

  it("on 2027-01-04 every case and task view answers, flagged provisional", async () => {
    await at("2027-01-04T09:30:00");
    const supervisor = await t.login("supervisor");
    const clerk = await t.login("clerk");
    const founder = await t.login("founder");
    const reviewer = await t.login("reviewer.amr");
    for (const [who, url] of [
      [supervisor, "/api/supervision/board"],
      [clerk, "/api/cases"],
      [founder, "/api/cases/mine"],
      [reviewer, "/api/departments/AMR/tasks"],
    ] as const) {
      const res = await who.get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
    const board = (await supervisor.get("/api/supervision/board")).json();
    expect(board.items.some((i: { deadlineProvisional: boolean }) => i.deadlineProvisional)).toBe(true);
    const mine = (await founder.get("/api/cases/mine")).json();
    const open = mine.find((c: { status: string }) => c.status === "in_review");
    expect((await founder.get(`/api/cases/${open.id}`)).statusCode).toBe(200);
    const status = (await admin.get("/api/calendar/status")).json();
    expect(status.warning).toMatchObject({ year: 2027, current: true });
    expect((await clerk.get("/api/calendar/status")).json().warning).toBeNull();
    const ready = await t.anonymous().get("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.calendar).toMatchObject({ status: "warning", missingYear: 2027 });
    await at("2026-12-30T09:00:00");
  });
});

describe("#calendar administrators enter a year from the State Council's notice", () => {
  it("previews a partly understood notice with what was and was not understood, and saves nothing", async () => {
    const garbled = NOTICE_2027.replace("二、春节：2月5日（农历腊月二十九、周五）至13日", "二、春节：二月初五前后放假，具体另行通知。2月5日（农历腊月二十九、周五）至13日").replace("三、清明节：4月3日（周六）", "三、清明节：4月3日（周一）");
    const preview = await admin.post("/api/admin/calendar/preview/notice", { text: garbled });
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.year).toBe(2027);
    expect(p.parse.complete).toBe(false);
    expect(p.parse.clauses.find((c: { festival: string }) => c.festival === "春节").status).toBe("partial");
    expect(p.parse.problems.some((x: { message: string }) => /清明/.test(x.message) && /周一/.test(x.message))).toBe(true);
    expect(p.parse.days.some((d: { date: string }) => d.date === "2027-10-01")).toBe(true);
    const saved = await admin.post("/api/admin/calendar/years/2027/versions", { source: "notice", text: garbled, expectedVersion: 0 });
    expect(saved.statusCode).toBe(400);
    expect(saved.json().error.fields[0].path).toBe("text");
    expect((await admin.get("/api/admin/calendar/years/2027/versions")).json()).toEqual([]);
    expect((await admin.get("/api/calendar/years/2027")).json().source).toBe("estimate");
  });

  it("refuses a day both off and worked, a date outside the year, an .ics that is not one, naming the field; changes nothing", async () => {
    const both = await admin.post("/api/admin/calendar/years/2027/versions", {
      source: "manual",
      days: [{ date: "2027-02-06", kind: "holiday", name: "春节" }, { date: "2027-02-06", kind: "makeup", name: "春节" }],
      expectedVersion: 0,
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.fields).toEqual([{ path: "days.1.date", message: "日期（第 2 项）：2027-02-06 不能既是放假日又是调休上班日" }]);
    const outside = await admin.post("/api/admin/calendar/years/2027/versions", { source: "manual", days: [{ date: "2026-12-31", kind: "holiday", name: "元旦" }], expectedVersion: 0 });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0]).toEqual({ path: "days.0.date", message: "日期（第 1 项）：2026-12-31 不在 2027 年内" });
    const notIcs = await admin.post("/api/admin/calendar/preview/ics", { year: 2027, fileName: "holidays.ics", content: "这不是日历文件" });
    expect(notIcs.statusCode).toBe(400);
    expect(notIcs.json().error.fields[0].path).toBe("file");
    const badDate = await admin.post("/api/admin/calendar/years/2027/versions", { source: "manual", days: [{ date: "2027-02-30", kind: "holiday", name: "" }], expectedVersion: 0 });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.fields[0].path).toBe("days.0.date");
    expect((await admin.get("/api/admin/calendar/years/2027/versions")).json()).toEqual([]);
  });

  it("only administrators enter years; staff read them; anonymous users neither", async () => {
    const clerk = await t.login("clerk");
    expect((await clerk.post("/api/admin/calendar/preview/notice", { text: NOTICE_2027 })).statusCode).toBe(403);
    expect((await clerk.post("/api/admin/calendar/years/2027/versions", { source: "notice", text: NOTICE_2027, expectedVersion: 0 })).statusCode).toBe(403);
    expect((await clerk.get("/api/calendar/years/2027")).statusCode).toBe(200);
    expect((await clerk.get("/api/calendar/days/2027-02-09")).json()).toMatchObject({ date: "2027-02-09", working: true, source: "estimate", provisional: true });
    expect((await clerk.get("/api/calendar/days/2026-02-16")).json()).toMatchObject({ working: false, kind: "holiday", name: "春节", source: "package", provisional: false });
    expect((await clerk.get("/api/calendar/days/2027-02-30")).statusCode).toBe(400);
    expect((await t.anonymous().get("/api/calendar/years/2027")).statusCode).toBe(401);
    expect((await (await t.login("founder")).get("/api/calendar/years/2027")).statusCode).toBe(403);
  });

  it("saves the notice as version 1, recounts every open deadline, records the moves and tells their holders", async () => {
    // Before: a case accepted on 2026-12-31 is due 2027-01-05 on the estimate; the fixture's 元旦 runs 1–3 January, so 01-05 stands but is firm now.
    const preview = (await admin.post("/api/admin/calendar/preview/notice", { text: NOTICE_2027 })).json();
    expect(preview.parse.complete).toBe(true);
    expect(preview.current).toMatchObject({ source: "estimate", version: 0 });
    // The difference is shown day by day: the Spring Festival's days beyond the rules, the make-up days.
    expect(preview.changes.find((c: { date: string }) => c.date === "2027-02-20")).toMatchObject({ before: { working: false }, after: { kind: "makeup", working: true } });
    expect(preview.changes.find((c: { date: string }) => c.date === "2027-02-10")).toMatchObject({ before: { working: true }, after: { kind: "holiday", working: false } });

    // A case accepted on 2027-02-04 (Thursday) before the schedule: due 02-10 on the estimate (除夕–初三 off).
    await at("2027-02-04T09:00:00");
    const festival = await acceptedCase();
    expect(amr(festival.kase)).toMatchObject({ deadlineDate: "2027-02-10", deadlineProvisional: true });
    await at("2026-12-30T09:00:00");

    const saved = await enter2027();
    expect(saved).toMatchObject({ year: 2027, version: 1 });
    expect(saved.view.source).toBe("centre");

    const clerk = await t.login("clerk");
    const after = (await clerk.get(`/api/cases/${festival.kase.id}`)).json();
    // The fixture's Spring Festival runs 5–13 February: the two working days are 15 and 16 February.
    expect(amr(after)).toMatchObject({ deadlineDate: "2027-02-16", deadlineProvisional: false });
    // Every open task of the case moved; the AMR task's move is in the case's history with its department.
    expect(after.deadlineChanges).toContainEqual(expect.objectContaining({ field: "deadline_date", before: "2027-02-10", after: "2027-02-16", provisional: false, label: expect.stringMatching(/市场监督管理局|工商/) }));
    expect(after.deadlineChanges.length).toBe(after.tasks.filter((x: { status: string }) => x.status === "open").length);
    const board = (await (await t.login("supervisor")).get("/api/supervision/board?limit=200")).json();
    expect(board.items.filter((i: { deadlineProvisional: boolean }) => i.deadlineProvisional)).toEqual([]);

    // The holders are told once: the department's head (or reviewers) and the founder.
    const notes = (await festival.founder.get("/api/notifications")).json();
    const told = notes.filter((n: { title: string }) => n.title === "办理期限已随工作日历调整");
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain("2027 年节假日安排（第 1 版）");
    expect(told[0].body).toContain("2027-02-10 → 2027-02-16");
    const reviewerNotes = (await (await t.login("reviewer.amr")).get("/api/notifications")).json();
    expect(reviewerNotes.filter((n: { title: string }) => n.title === "办理期限已随工作日历调整")).toHaveLength(1);

    // Audited, with who and when; the version keeps the pasted text.
    const audit = (await (await t.login("supervisor")).get("/api/audit?action=calendar.year.save")).json();
    expect(audit.items[0]).toMatchObject({ action: "calendar.year.save", entityId: "2027" });
    const v1 = (await admin.get("/api/admin/calendar/years/2027/versions/1")).json();
    expect(v1).toMatchObject({ year: 2027, version: 1, source: "notice", sourceText: NOTICE_2027.trim() });
    expect(v1.createdBy).toContain("admin");
    expect(v1.days).toHaveLength(34);
  });

  it("makes a new version of a year already entered, shows the difference first, and refuses a save against a version not seen", async () => {
    const current = (await admin.get("/api/calendar/years/2027")).json();
    expect(current.version).toBe(1);
    const days = current.days
      .filter((d: { kind: string }) => d.kind === "holiday" || d.kind === "makeup")
      .map((d: { date: string; kind: string; name: string | null }) => ({ date: d.date, kind: d.kind, name: d.name ?? "" }))
      .filter((d: { date: string }) => d.date !== "2027-02-20");
    const stale = await admin.post("/api/admin/calendar/years/2027/versions", { source: "manual", days, expectedVersion: 0, note: "取消 2 月 20 日调休" });
    expect(stale.statusCode).toBe(409);
    const same = await admin.post("/api/admin/calendar/years/2027/versions", { source: "manual", days: [...days, { date: "2027-02-20", kind: "makeup", name: "春节" }], expectedVersion: 1 });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.fields[0].path).toBe("days");
    const saved = await admin.post("/api/admin/calendar/years/2027/versions", { source: "manual", days, expectedVersion: 1, note: "取消 2 月 20 日调休" });
    expect(saved.statusCode, saved.body).toBe(201);
    await recounted();
    const versions = (await admin.get("/api/admin/calendar/years/2027/versions")).json();
    expect(versions.map((v: { version: number; source: string }) => [v.version, v.source])).toEqual([[2, "manual"], [1, "notice"]]);
    const v2 = (await admin.get("/api/admin/calendar/years/2027/versions/2")).json();
    expect(v2.changes).toEqual([{ date: "2027-02-20", before: { kind: "makeup", working: true, name: "春节" }, after: { kind: "weekend", working: false, name: null } }]);
    // Earlier versions stay readable.
    expect((await admin.get("/api/admin/calendar/years/2027/versions/1")).json().days).toHaveLength(34);
  });
});

describe("#calendar local closures", () => {
  it("closes the centre on a day: open deadlines over it move on, recorded and told; lifting it moves them back", async () => {
    await at("2027-03-01T09:00:00");
    const { kase, founder } = await acceptedCase();
    expect(amr(kase).deadlineDate).toBe("2027-03-03");
    const leader = await t.login("leader");
    const bad = await leader.post("/api/calendar/closures", { date: "2027-03-02", reason: "" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe("reason");
    const clerk = await t.login("clerk");
    expect((await clerk.post("/api/calendar/closures", { date: "2027-03-02", reason: "台风停工" })).statusCode).toBe(403);
    const closed = await leader.post("/api/calendar/closures", { date: "2027-03-02", reason: "台风“梅花”停工" });
    expect(closed.statusCode, closed.body).toBe(201);
    expect((await leader.post("/api/calendar/closures", { date: "2027-03-02", reason: "台风停工" })).statusCode).toBe(409);
    await recounted();
    const moved = (await founder.get(`/api/cases/${kase.id}`)).json();
    expect(amr(moved).deadlineDate).toBe("2027-03-04");
    expect(moved.deadlineChanges).toContainEqual(expect.objectContaining({ before: "2027-03-03", after: "2027-03-04", provisional: false }));
    const day = (await clerk.get("/api/calendar/years/2027")).json().days.find((d: { date: string }) => d.date === "2027-03-02");
    expect(day).toMatchObject({ working: false, closure: "台风“梅花”停工", source: "centre" });
    const notes = (await founder.get("/api/notifications")).json();
    expect(notes.some((n: { body: string }) => n.body.includes("闭馆 2027-03-02"))).toBe(true);

    const lifted = await leader.post(`/api/calendar/closures/${closed.json().id}/lift`, { reason: "台风转向，照常上班" });
    expect(lifted.statusCode).toBe(200);
    await recounted();
    expect(amr((await founder.get(`/api/cases/${kase.id}`)).json()).deadlineDate).toBe("2027-03-03");
    const all = (await leader.get("/api/calendar/closures?includeLifted=true")).json();
    expect(all[0]).toMatchObject({ date: "2027-03-02", liftReason: "台风转向，照常上班" });
    await at("2026-12-30T09:00:00");
  });
});

describe("#calendar 12316 and follow-up clocks", () => {
  it("recounts a hotline ticket's due times and a rectification's deadlines when the year is entered", async () => {
    // A fresh year: 2028 is nobody's yet. A call late on 2027-12-30 and a bad review on 2027-12-31.
    await at("2027-12-31T16:00:00");
    const operator = await t.login("operator");
    const call = await operator.post("/api/hotline/tickets", { phone: "13957300001", name: "沈农户", villageCode: VILLAGE, category: "production", product: "水稻", text: "水稻叶片发黄，怎么办？" });
    expect(call.statusCode, call.body).toBe(201);
    const ticket = call.json();
    expect(ticket.dueProvisional).toBe(true);
    const list = (await operator.get("/api/hotline/tickets?limit=50")).json();
    expect(list.items.find((i: { id: string }) => i.id === ticket.id).dueProvisional).toBe(true);

    const y2028 = `国务院办公厅关于2028年部分节假日安排的通知\n一、元旦：1月1日（周六）至3日（周一）放假，共3天。\n二、春节：1月25日（周二）至2月2日（周三）放假调休，共9天。1月22日（周六）、2月5日（周六）上班。`;
    expect(parseHolidayNotice(y2028).complete).toBe(true);
    await at("2027-12-31T16:05:00");
    const saved = await admin.post("/api/admin/calendar/years/2028/versions", { source: "notice", text: y2028, expectedVersion: 0 });
    expect(saved.statusCode, saved.body).toBe(201);
    await recounted();
    const after = (await operator.get(`/api/hotline/tickets/${ticket.id}`)).json();
    expect(after.dueProvisional).toBe(false);
    // The fixture's 元旦 2028 includes Monday 3 January, which the rules did not: the due time moved, recorded in the ticket's events.
    const movedEvents = after.events.filter((e: { kind: string }) => e.kind === "deadline_moved");
    expect(movedEvents.length).toBeGreaterThan(0);
    expect(after.deadlineChanges.length).toBe(movedEvents.length);
    await at("2026-12-30T09:00:00");
  });
});

describe("#calendar any input", () => {
  it("answers any body on the calendar's routes with 2xx or 4xx, never 5xx, and a refused save changes nothing", async () => {
    const leader = await t.login("leader");
    const before = (await admin.get("/api/calendar/overview")).json().revision;
    const anything = fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.constant(null), fc.array(fc.anything(), { maxLength: 5 }), fc.dictionary(fc.string({ maxLength: 10 }), fc.anything(), { maxKeys: 5 }));
    const body = fc.record({ source: fc.oneof(fc.constantFrom("notice", "manual", "ics"), fc.string()), text: anything, days: anything, content: anything, fileName: anything, year: anything, expectedVersion: anything, date: anything, reason: anything }, { requiredKeys: [] });
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom("/api/admin/calendar/years/2031/versions", "/api/admin/calendar/preview/notice", "/api/admin/calendar/preview/ics", "/api/calendar/closures"), async (b, url) => {
        const res = await (url === "/api/calendar/closures" ? leader : admin).post(url, b);
        seen.add(res.statusCode);
        expect(res.statusCode, `${url} ${JSON.stringify(b)}: ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json().error.code).toBeTruthy();
      }),
      { numRuns: 150 },
    );
    for (const url of ["/api/calendar/years/abc", "/api/calendar/years/1999", "/api/admin/calendar/years/2027/versions/0", "/api/admin/calendar/years/2027/versions/x", "/api/calendar/closures?from=2027-02-30"]) {
      expect((await admin.get(url)).statusCode, url).toBe(400);
    }
    expect((await admin.get("/api/admin/calendar/years/2031/versions")).json()).toEqual([]);
    // Only valid closures could have changed the revision: none of these bodies was one.
    expect((await admin.get("/api/calendar/overview")).json().revision).toBe(before);
    expect([...seen].every((s) => s < 500)).toBe(true);
  });
});

describe("#calendar warnings and the feed", () => {
  beforeEach(() => at("2026-12-30T09:00:00"));

  it("from 1 October tells administrators each working day, once, while next year is missing", async () => {
    // 2028 and 2027 are entered by now; 2029 is nobody's.
    await at("2028-09-29T10:00:00");
    expect(await warnAdministrators({ db: t.db, calendar: t.app.workingCalendar.service })).toBe(false);
    await at("2028-10-09T10:00:00"); // a Monday
    expect((await admin.get("/api/calendar/status")).json().warning).toMatchObject({ year: 2029, current: false });
    expect(await warnAdministrators({ db: t.db, calendar: t.app.workingCalendar.service })).toBe(true);
    expect(await warnAdministrators({ db: t.db, calendar: t.app.workingCalendar.service })).toBe(false);
    await at("2028-10-14T10:00:00"); // a Saturday
    expect(await warnAdministrators({ db: t.db, calendar: t.app.workingCalendar.service })).toBe(false);
    const notes = (await admin.get("/api/notifications")).json();
    expect(notes.filter((n: { title: string }) => n.title === "2029 年节假日安排尚未录入")).toHaveLength(1);
    const ready = await t.anonymous().get("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe("ready");
  });

  it("publishes /calendar.ics for anyone; read back, it agrees day by day with the calendar", async () => {
    await at("2027-06-01T10:00:00");
    const res = await t.anonymous().get("/calendar.ics");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/calendar/);
    const mine = new WorkingCalendar({ years: [{ year: 2027, days: parseHolidayNotice(NOTICE_2027).days.filter((d) => d.date !== "2027-02-20") }] });
    for (const year of [2026, 2027, 2028]) {
      const back = parseCalendarIcs(res.body, year);
      expect(back.problems).toEqual([]);
      const expected = year === 2026 ? PACKAGE_CALENDAR : mine;
      if (year === 2028) continue; // entered in the 12316 test: checked below through the API
      const read = new WorkingCalendar({ years: [{ year, days: back.days }] });
      for (const d of expected.yearDays(year)) expect(read.isWorkingDay(d.date), d.date).toBe(d.working);
    }
    const served = (await admin.get("/api/calendar/years/2028")).json();
    const back2028 = new WorkingCalendar({ years: [{ year: 2028, days: parseCalendarIcs(res.body, 2028).days }] });
    for (const d of served.days as { date: string; working: boolean }[]) expect(back2028.isWorkingDay(d.date), d.date).toBe(d.working);
  });
});
