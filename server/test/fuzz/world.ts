import path from "node:path";
import { CONSENT_METHODS, EXPERT_SPECIALTIES, HOTLINE_CATEGORIES, SUBSCRIBER_ROLES, type Role } from "@yichuang/core";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.js";
import { DEMO_OPEN311_KEY, seedHotlineDemo } from "../../src/demo/hotline.js";
import { DEMO_PASSWORD } from "../../src/demo/jiaxing.js";
import { seedDemo } from "../../src/demo/seed.js";
import { seedSmsDemo } from "../../src/demo/sms.js";
import { seedDemoYear } from "../../src/demo/year.js";
import { POLICY } from "../../src/identity/policy.js";
import { shanghaiToday } from "../../src/platform/clock.js";
import { FileStore } from "../../src/platform/files.js";
import { ensureRegistrationData } from "../../src/registration/registration.service.js";
import { buildOpenRectifications, buildUser, FACTORY_PASSWORD } from "../../src/testing/factories.js";
import { submittedCase, upload } from "../helpers/cases.js";
import { Client, sessionCookieOf, type TestApp } from "../helpers/harness.js";
import { createTestDatabase, TEST_DB_KIND } from "../helpers/test-db.js";
import type { Hints } from "./generate.js";
import type { Operation } from "./operations.js";
import { addDaysIso, PNG, SQL_FTS } from "./values.js";

/** A line the app logged: errors and warnings with their stack, and each request's route access. */
export interface LogLine {
  level: number;
  msg: string;
  err?: { type?: string; message?: string; stack?: string; code?: string };
  req?: { method?: string; url?: string; access?: string; fuzz?: string };
  reqId?: string;
  [k: string]: unknown;
}

/** The accounts the fuzz signs in as, one per role (their ids never take a write that could lock them out). */
export const ROLE_ACCOUNTS: Record<Role, string> = {
  admin: "admin",
  supervisor: "supervisor",
  clerk: "clerk",
  reviewer: "reviewer.amr",
  operator: "operator",
  expert: "expert",
  applicant: "founder",
  leader: "leader",
  team_leader: "teamlead",
};

export interface World {
  t: TestApp;
  app: FastifyInstance;
  /** The lines the app logged for the request sent with header `x-fuzz-id: id` (taken once). */
  linesOf(id: string): LogLine[];
  /** Lines logged outside any fuzz request (set-up, background work) since the last call, warnings and errors only. */
  looseLines(): LogLine[];
  /** Signed-in clients by role, the throwaway "self" account, the paired evaluator "device", and "anonymous". */
  clients: Record<string, Client>;
  /** Signs a client in again (its session ended: logout, or revoked). */
  relogin(as: string): Promise<void>;
  hints: Hints;
  /** What set-up could not make (the fuzz still runs; these operations reach fewer handlers). */
  setupNotes: string[];
  filesDir: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A fresh database with demo-like data (the Jiaxing centre, a small generated year: cases, tasks,
 * teams, events, 12316 calls, broadcasts, subscribers), and records made through the API as the
 * pages make them (a draft and a submitted case of the founder, a desk transaction with its card,
 * evaluators, rectifications, a duty override, a closure, photos, an import). The app logs to
 * memory: errors with their stack, and each request's route with its `config.access`.
 */
export async function startWorld(): Promise<World> {
  const tdb = await createTestDatabase();
  const files = new FileStore(path.join(tdb.config.dataDir, "files"));
  const today = shanghaiToday();
  await ensureRegistrationData(tdb.db);
  await seedDemo(tdb.db);
  await seedDemoYear(tdb.db, tdb.config, files, { today, seed: 17, scale: 0.01 });
  await seedHotlineDemo(tdb.db, tdb.config, files);
  await seedSmsDemo(tdb.db);

  // Lines by request id; a request's id is found from its "incoming request" line, which carries the x-fuzz-id header.
  const byRequest = new Map<string, LogLine[]>();
  const requestOf = new Map<string, string>();
  let loose: LogLine[] = [];
  const stream = {
    write(line: string) {
      // Of the info lines only "incoming request" is kept (the route's access, the fuzz id); warnings and errors all.
      if (line.includes('"level":30') && !line.includes('"msg":"incoming request"')) return;
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        parsed = { level: 60, msg: line };
      }
      if (parsed.req?.fuzz && parsed.reqId) requestOf.set(parsed.req.fuzz, parsed.reqId);
      if (parsed.reqId) byRequest.set(parsed.reqId, [...(byRequest.get(parsed.reqId) ?? []), parsed]);
      else if (parsed.level >= 40) loose.push(parsed);
    },
  };
  const app = await buildApp({
    // Request logging (off unless debug) gives each request's route, and with it the route's declared access.
    config: { ...tdb.config, logLevel: "debug" },
    db: tdb.db,
    logger: {
      level: "info",
      stream,
      serializers: {
        req: (req: { method?: string; url?: string; headers?: Record<string, unknown>; routeOptions?: { config?: { access?: string } } }) => ({
          method: req.method,
          url: req.url?.slice(0, 200),
          access: req.routeOptions?.config?.access,
          fuzz: req.headers?.["x-fuzz-id"],
        }),
      },
    },
  });
  await app.ready();
  const depts = await tdb.db.selectFrom("departments").select(["id", "code"]).execute();
  const windows = await tdb.db.selectFrom("windows").select(["id", "number"]).execute();
  const login = async (username: string, password = DEMO_PASSWORD) => {
    const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    return new Client(app, sessionCookieOf(res), res.json().csrfToken);
  };
  const t: TestApp = {
    app,
    db: tdb.db,
    tdb,
    dept: Object.fromEntries(depts.map((d) => [d.code, d.id])),
    window: Object.fromEntries(windows.map((w) => [w.number, w.id])),
    anonymous: () => new Client(app),
    login,
    async close() {
      await app.close();
      await tdb.destroy();
    },
  };

  const notes: string[] = [];
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      notes.push(`${what}: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}`);
    }
  };
  const ok = <R extends { statusCode: number; body: string }>(what: string, res: R, ...codes: number[]): R => {
    if (!(codes.length ? codes : [200, 201]).includes(res.statusCode)) throw new Error(`${what} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res;
  };

  // Throwaway accounts: the targets of writes to users (never a signed-in role's own account), the login fuzz's username, the "self" routes' session.
  const target = await buildUser(tdb.db, { username: "fuzz.target", roles: ["clerk"], departmentId: t.dept.AMR });
  const target2 = await buildUser(tdb.db, { username: "fuzz.target2", roles: ["applicant"] });
  await buildUser(tdb.db, { username: "fuzz.login", roles: ["applicant"] });
  await buildUser(tdb.db, { username: "fuzz.self", roles: ["applicant"] });

  const clients: Record<string, Client> = { anonymous: t.anonymous() };
  for (const [role, username] of Object.entries(ROLE_ACCOUNTS)) clients[role] = await login(username);
  clients.self = await login("fuzz.self", FACTORY_PASSWORD);
  const { admin, supervisor, clerk, operator, team_leader: teamlead } = clients as Record<string, Client>;

  // The founder's records: a submitted case and a draft with a material.
  let founderCaseId: string | null = null;
  let founderDraftId: string | null = null;
  await step("founder's case", async () => {
    const { kase } = await submittedCase(t);
    founderCaseId = kase.id;
  });
  await step("founder's draft", async () => {
    const draft = ok("draft", await clients.applicant!.post("/api/applications", { serviceItem: "QY-SL-LLC" })).json();
    founderDraftId = draft.id;
    ok("material", await upload(clients.applicant!, draft.id, "M02"));
  });
  // The clerk's desk: a completed consultation with a supervision card, and an open one.
  await step("desk", async () => {
    const started = ok("start", await clerk!.post("/api/desk/transactions", { serviceCode: "AMR-ZX" })).json();
    const open = started.transactions.find((x: { status: string }) => x.status === "open");
    ok("complete", await clerk!.post(`/api/desk/transactions/${open.id}/complete`));
    ok("batch", await supervisor!.post("/api/cards/batches", { size: 4, note: "fuzz" }));
    const card = await tdb.db.selectFrom("supervision_cards").select("code").where("transaction_id", "is", null).orderBy("seq").executeTakeFirstOrThrow();
    ok("card", await clerk!.post("/api/desk/cards", { code: card.code, transactionId: open.id }));
    ok("second", await clerk!.post("/api/desk/transactions", { serviceCode: "AMR-ZX" }));
  });
  // Evaluators: one paired (the "device" client), one spare (the target of the admin's writes).
  await step("evaluators", async () => {
    const made = ok("evaluator", await admin!.post("/api/admin/evaluators", { windowId: t.window.A02, label: "fuzz 评价器" })).json();
    const paired = ok("pair", await t.anonymous().post("/api/evaluator/pair", { code: made.pairingCode }), 200);
    const cookie = paired.cookies.find((c) => c.name === "yc_device")!;
    clients.device = new Client(app, `yc_device=${cookie.value}`, paired.json().csrfToken);
    ok("spare", await admin!.post("/api/admin/evaluators", { windowId: t.window.B01, label: "fuzz 备用" }));
  });
  await step("rectifications", async () => {
    const u = await tdb.db.selectFrom("users").select(["id", "department_id", "home_window_id"]).where("username", "=", "clerk").executeTakeFirstOrThrow();
    await buildOpenRectifications(tdb.db, { clerkId: u.id, windowId: u.home_window_id!, departmentId: u.department_id!, days: [today], perDay: 2 });
  });
  await step("duty override", async () => {
    const expert = await tdb.db.selectFrom("users").select("id").where("username", "=", "expert").executeTakeFirstOrThrow();
    ok("override", await supervisor!.post("/api/hotline/duty/overrides", { from: addDaysIso(today, 7), to: addDaysIso(today, 8), expertId: expert.id, reason: "fuzz 调班" }));
  });
  await step("closure", async () => ok("closure", await admin!.post("/api/calendar/closures", { date: addDaysIso(today, 40), reason: "fuzz 台风停工" })));
  const experts = (await tdb.db.selectFrom("users").select("id").where("username", "in", ["expert", "expert.fish"]).orderBy("username").execute()).map((u) => u.id);
  // A 12316 call with a visit planned and a photo taken on site; an outreach event of the team leader's with a photo.
  await step("visit photo", async () => {
    const call = { phone: "13857300097", name: "测试农户", villageCode: "330402103215", category: "production", product: "水稻", text: "稻田里飞虱很多，要不要打药？" };
    const ticket = ok("ticket", await operator!.post("/api/hotline/tickets", call)).json();
    const dispatched = ok("dispatch", await supervisor!.post(`/api/hotline/tickets/${ticket.id}/dispatch`, { date: addDaysIso(today, 1), villageCode: "330402103215", address: "3 组", expertId: experts[0] })).json();
    const visitId = (dispatched.visits as { id: string }[]).at(-1)!.id;
    const boundary = "----fuzz-photo";
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pond.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    ok("photo", await supervisor!.inject({ method: "POST", url: `/api/hotline/tickets/${ticket.id}/visits/${visitId}/photos`, payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } }));
  });
  await step("outreach photo", async () => {
    const lead = await tdb.db.selectFrom("users").select("id").where("username", "=", "teamlead").executeTakeFirstOrThrow();
    const team = await tdb.db.selectFrom("service_teams").select("id").where("leader_user_id", "=", lead.id).executeTakeFirstOrThrow();
    const body = { teamId: team.id, clientId: "fuzz-event-1", date: today, placeCode: "330402103215", activity: "进农家乐开展食品安全检查，指导规范后厨", problemsSolved: 6, peopleServed: 45 };
    const ev = ok("event", await teamlead!.post("/api/outreach/events", body)).json();
    const boundary = "----fuzz-photo";
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="event.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    ok("photo", await teamlead!.inject({ method: "POST", url: `/api/outreach/events/${ev.id}/photos`, payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } }));
  });
  await step("sms import", async () => {
    const boundary = "----fuzz-import";
    const csv = "手机号,姓名,村（社区）代码,身份,关注品种\n13957300098,导入甲,330402103215,农户,水稻\n";
    const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="consentMethod"\r\n\r\nimport\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="名单.csv"\r\n\r\n${csv}\r\n--${boundary}--\r\n`);
    ok("import", await operator!.inject({ method: "POST", url: "/api/sms/imports", payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } }), 202);
    await importsIdle(tdb.db);
  });
  await step("staff photo", async () => {
    const u = await tdb.db.selectFrom("users").select("id").where("username", "=", "clerk").executeTakeFirstOrThrow();
    ok("photo", await admin!.inject({ method: "PUT", url: `/api/admin/users/${u.id}/photo`, payload: PNG, headers: { "content-type": "image/png" } }));
  });
  // A department and a window of the fuzz's own: the targets of the admin's writes to the organisation.
  let fuzzDept: string | null = null;
  let fuzzWindow: string | null = null;
  await step("fuzz department", async () => {
    const centre = await tdb.db.selectFrom("centres").select("id").where("code", "=", "JX-SPZX").executeTakeFirstOrThrow();
    fuzzDept = ok("dept", await admin!.post("/api/admin/departments", { centreId: centre.id, code: "FUZZ", nameZh: "模糊测试部门", nameEn: "Fuzz" })).json().id;
    fuzzWindow = ok("window", await admin!.post("/api/admin/windows", { departmentId: fuzzDept, number: "Z01", nameZh: "模糊测试窗口", nameEn: "Fuzz window" })).json().id;
  });
  await app.workingCalendar.recount.idle();

  const hints = await buildHints(t, { today, founderCaseId, founderDraftId, fuzzDept, fuzzWindow, targets: [target.id, target2.id] });
  const relogin = async (as: string) => {
    if (as === "self") clients.self = await login("fuzz.self", FACTORY_PASSWORD);
    else if (as in ROLE_ACCOUNTS) clients[as] = await login(ROLE_ACCOUNTS[as as Role]);
  };
  return {
    t,
    app,
    linesOf(id) {
      const reqId = requestOf.get(id);
      requestOf.delete(id);
      if (!reqId) return [];
      const lines = byRequest.get(reqId) ?? [];
      byRequest.delete(reqId);
      return lines;
    },
    looseLines() {
      // Requests without a fuzz id (sign-ins, session checks) keep only what they logged at warn or above.
      for (const [reqId, lines] of byRequest) {
        if ([...requestOf.values()].includes(reqId)) continue;
        loose.push(...lines.filter((l) => l.level >= 40));
        byRequest.delete(reqId);
      }
      const out = loose;
      loose = [];
      return out;
    },
    clients,
    relogin,
    hints,
    setupNotes: notes,
    filesDir: path.join(tdb.config.dataDir, "files"),
  };
}

/** Waits until no subscriber import is still writing in the background. */
export async function importsIdle(db: TestApp["db"], timeoutMs = 10_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const busy = await db.selectFrom("sms_imports").select("id").where("status", "=", "processing").executeTakeFirst();
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Roles allowed by a route's access: every signed-in role for "public" and "self". */
export function rolesFor(access: string | null): Role[] {
  if (!access || access === "public" || access === "device") return [];
  const entry = (POLICY as Record<string, { roles: readonly Role[] } | undefined>)[access];
  return entry ? [...entry.roles] : [];
}

async function buildHints(
  t: TestApp,
  o: { today: string; founderCaseId: string | null; founderDraftId: string | null; fuzzDept: string | null; fuzzWindow: string | null; targets: string[] },
): Promise<Hints> {
  const db = t.db;
  const ids = async (table: string, col = "id", limit = 6, where?: [string, string, unknown]) => {
    let q = db.selectFrom(table as "users").select(`${col} as v` as "id");
    if (where) q = q.where(where[0] as "id", where[1] as "=", where[2] as string);
    return (await q.orderBy(col as "id").limit(limit).execute()).map((r) => String((r as unknown as { v: unknown }).v));
  };
  const roleAccounts = new Set(Object.values(ROLE_ACCOUNTS).concat(["fuzz.self", "fuzz.login"]));
  const allUsers = await db.selectFrom("users").select(["id", "username"]).execute();
  const protectedIds = new Set(allUsers.filter((u) => roleAccounts.has(u.username)).map((u) => u.id));
  const userId = (name: string) => allUsers.find((u) => u.username === name)?.id;
  const experts = [userId("expert"), userId("expert.fish")].filter((x): x is string => !!x);
  const clerks = [userId("clerk"), userId("jiangfan"), userId("xuli")].filter((x): x is string => !!x);
  const year = Number(o.today.slice(0, 4));
  const month = Number(o.today.slice(5, 7));
  const q = Math.ceil(month / 3);
  const quarters = [`${year}-Q${q}`, q > 1 ? `${year}-Q${q - 1}` : `${year - 1}-Q4`, `${year - 1}-Q1`];
  const deptIds = Object.values(t.dept);
  const deptCodes = ["AMR", "QTS", "NTAX", "LTAX", "STATS"];
  const centres = await db.selectFrom("centres").select(["id", "code"]).execute();
  const tickets = await db.selectFrom("hotline_tickets").select(["id", "number", "channel"]).orderBy("created_at", "desc").limit(8).execute();
  const webTickets = await db.selectFrom("hotline_tickets").select("number").where("channel", "in", ["web", "open311"]).limit(3).execute();
  const visits = await db.selectFrom("hotline_visits").select(["id", "ticket_id"]).limit(4).execute();
  const callers = await db.selectFrom("hotline_callers").select("phone").limit(4).execute();
  const forms = await db.selectFrom("form_definitions").select(["code", "version"]).limit(5).execute();
  const submitted = await ids("applications", "id", 3, ["status", "=", "submitted"]);
  const leadId = userId("teamlead");
  const leadEvents = leadId
    ? (await db.selectFrom("outreach_events as e").innerJoin("service_teams as s", "s.id", "e.team_id").select("e.id").where("s.leader_user_id", "=", leadId).limit(4).execute()).map((e) => e.id)
    : [];
  const cases = [...(o.founderCaseId ? [o.founderCaseId] : []), ...(await ids("cases", "id", 5))];
  // The founder's own applications (a draft, the submitted one) and one of someone else's.
  const founderId = userId("founder");
  const founderApps = founderId ? (await db.selectFrom("applications").select("id").where("applicant_id", "=", founderId).execute()).map((a) => a.id) : [];
  const apps = [...founderApps, ...(await ids("applications", "id", 1))];
  const transactions = await ids("service_transactions", "id", 4);
  const rects = await ids("rectification_tickets", "id", 4);
  const leadTeams = leadId ? (await db.selectFrom("service_teams").select("id").where("leader_user_id", "=", leadId).execute()).map((x) => x.id) : [];
  const teams = [...leadTeams, ...(await ids("service_teams", "id", 3))];
  const knowledge = await ids("knowledge_entries", "id", 4);
  const notices = await ids("supply_demand_notices", "id", 4);
  const subscribers = await ids("sms_subscribers", "id", 4);
  const villages = ["330402103215", ...(await db.selectFrom("sms_subscribers").select("village_code").distinct().limit(3).execute()).map((r) => r.village_code)];
  const towns = ["330402103", "330402100", "330421111"];
  const evaluators = await db.selectFrom("evaluator_devices").select(["id", "label"]).execute();
  const spare = evaluators.filter((e) => e.label === "fuzz 备用").map((e) => e.id);
  const dates = [o.today, addDaysIso(o.today, 1), addDaysIso(o.today, -1), addDaysIso(o.today, -30), addDaysIso(o.today, 7), `${year}-01-01`, `${year}-12-31`, `${year - 1}-06-30`];
  const datetimes = [new Date().toISOString(), `${o.today}T08:30:00+08:00`, `${addDaysIso(o.today, 1)}T02:00:00.000Z`, `${year - 1}-12-31T16:00:00Z`];
  const materials = await ids("case_materials", "id", 4);
  const materialCodes = (await db.selectFrom("case_materials").select("material_code").distinct().execute()).map((m) => m.material_code);

  const pools: Record<string, string[]> = {
    users: allUsers.map((u) => u.id).slice(0, 8),
    targets: o.targets,
    departments: deptIds,
    fuzzDept: o.fuzzDept ? [o.fuzzDept] : [],
    fuzzWindow: o.fuzzWindow ? [o.fuzzWindow] : [],
    serviceItems: ["QY-SL-LLC"],
    apps,
    founderDraft: o.founderDraftId ? [o.founderDraftId] : apps,
    closures: await ids("calendar_closures"),
    materials,
    cases,
    founderCases: o.founderCaseId ? [o.founderCaseId] : [],
    tasks: await ids("review_tasks", "id", 5),
    transactions,
    windowServices: await ids("window_services", "code", 5),
    spareEvaluator: spare,
    batches: await ids("card_batches"),
    cards: await ids("supervision_cards", "code", 4),
    rects,
    overrides: await ids("duty_overrides"),
    experts,
    places: [...villages, ...towns, "330402", "330000"],
    ticketNumbers: [...webTickets.map((x) => x.number), ...tickets.map((x) => x.number).slice(0, 3)],
    callerPhones: callers.map((c) => c.phone),
    tickets: tickets.map((x) => x.id),
    visitPhotos: await ids("hotline_visit_photos"),
    categories: HOTLINE_CATEGORIES.map((c) => c.code),
    knowledge,
    subscribers,
    imports: await ids("sms_imports"),
    notices,
    broadcasts: await ids("sms_broadcasts"),
    teams,
    events: [...leadEvents, ...(await ids("outreach_events", "id", 3))],
    outreachPhotos: await ids("outreach_event_photos"),
    years: [String(year), String(year - 1), String(year + 1)],
    dates,
    quarters,
  };
  const one = (name: string, values: readonly string[]) => values.map((v) => ({ [name]: v }));
  /** Real values of an operation's path parameters, by its path (ids of the kind the path names). */
  const rules: [RegExp, (op: Operation) => Record<string, string>[]][] = [
    [/^\/api\/admin\/users\/\{id\}$/, (op) => one("id", op.method === "GET" ? pools.users! : pools.targets!)],
    [/^\/api\/admin\/users\/\{id\}\/photo$/, () => one("id", pools.targets!)],
    [/^\/api\/staff\/\{id\}\/photo$/, () => one("id", [...clerks, ...pools.targets!])],
    [/^\/api\/departments\/\{id\}\/members$/, () => one("id", pools.departments!)],
    [/^\/api\/admin\/departments\/\{id\}$/, () => one("id", pools.fuzzDept!)],
    [/^\/api\/admin\/windows\/\{id\}$/, () => one("id", pools.fuzzWindow!)],
    [/^\/api\/service-items\/\{code\}/, () => one("code", pools.serviceItems!)],
    [/^\/api\/applications\/\{id\}\/forms\/\{department\}/, () => submitted.flatMap((id) => deptCodes.map((department) => ({ id, department })))],
    [/^\/api\/applications\/\{id\}\/(submit|materials)$/, () => one("id", pools.founderDraft!)],
    [/^\/api\/applications\/\{id\}$/, () => one("id", pools.apps!)],
    [/^\/api\/admin\/forms\/\{code\}\/\{version\}$/, () => forms.map((f) => ({ code: f.code, version: String(f.version) }))],
    [/\/years\/\{year\}\/versions\/\{version\}$/, () => pools.years!.flatMap((y) => ["1", "2"].map((version) => ({ year: y, version })))],
    [/\/years\/\{year\}/, () => one("year", pools.years!)],
    [/^\/api\/calendar\/days\/\{date\}$/, () => one("date", pools.dates!)],
    [/^\/api\/calendar\/closures\/\{id\}/, () => one("id", pools.closures!)],
    [/^\/api\/materials\/\{id\}/, () => one("id", pools.materials!)],
    [/^\/api\/cases\/\{id\}/, () => one("id", pools.cases!)],
    [/^\/api\/departments\/\{code\}\/tasks$/, () => one("code", deptCodes)],
    [/^\/api\/tasks\/\{id\}/, () => one("id", pools.tasks!)],
    [/^\/api\/desk\/transactions\/\{id\}/, () => one("id", pools.transactions!)],
    [/^\/api\/admin\/window-services\/\{code\}$/, () => one("code", pools.windowServices!)],
    [/^\/api\/admin\/evaluators\/\{id\}/, () => one("id", pools.spareEvaluator!)],
    [/^\/api\/cards\/batches\/\{id\}/, () => one("id", pools.batches!)],
    [/^\/api\/public\/cards\/\{code\}/, () => one("code", pools.cards!)],
    [/^\/api\/evaluations\/cases\/\{id\}$/, () => one("id", pools.founderCases!.length ? pools.founderCases! : pools.cases!)],
    [/^\/api\/evaluations\/transactions\/\{id\}$/, () => one("id", pools.transactions!)],
    [/^\/api\/evaluations\/fixes\/\{id\}$/, () => one("id", pools.rects!)],
    [/^\/api\/rectifications\/\{id\}/, () => one("id", pools.rects!)],
    [/^\/api\/assessment\/quarters\/\{quarter\}\/\{kind\}\/\{id\}$/, () => quarters.flatMap((quarter) => [...clerks.map((id) => ({ quarter, kind: "clerk", id })), ...Object.values(t.window).slice(0, 2).map((id) => ({ quarter, kind: "window", id }))])],
    [/\{quarter\}/, () => one("quarter", pools.quarters!)],
    [/^\/api\/hotline\/duty\/overrides\/\{id\}$/, () => one("id", pools.overrides!)],
    [/^\/api\/hotline\/experts\/\{id\}/, () => one("id", pools.experts!)],
    [/^\/api\/places\/\{code\}$/, () => one("code", pools.places!)],
    [/^\/api\/public\/hotline\/requests\/\{number\}$/, () => one("number", pools.ticketNumbers!)],
    [/^\/api\/hotline\/callers\/\{phone\}$/, () => one("phone", pools.callerPhones!)],
    [/^\/api\/hotline\/tickets\/\{id\}\/visits\/\{visitId\}/, () => visits.map((v) => ({ id: v.ticket_id, visitId: v.id }))],
    [/^\/api\/hotline\/tickets\/\{id\}/, () => one("id", pools.tickets!)],
    [/^\/api\/hotline\/photos\/\{id\}$/, () => one("id", pools.visitPhotos!)],
    [/^\/api\/hotline\/categories\/\{code\}$/, () => one("code", pools.categories!)],
    [/^\/api\/hotline\/knowledge\/\{id\}$/, () => one("id", pools.knowledge!)],
    [/^\/open311\/v2\/services\/\{code\}/, () => one("code", pools.categories!)],
    [/^\/open311\/v2\/requests\/\{id\}/, () => one("id", pools.ticketNumbers!)],
    [/^\/api\/sms\/subscribers\/\{id\}/, () => one("id", pools.subscribers!)],
    [/^\/api\/sms\/imports\/\{id\}/, () => one("id", pools.imports!)],
    [/^\/api\/sms\/notices\/\{id\}/, () => one("id", pools.notices!)],
    [/^\/api\/sms\/broadcasts\/\{id\}/, () => one("id", pools.broadcasts!)],
    [/^\/api\/outreach\/teams\/\{id\}/, () => one("id", pools.teams!)],
    [/^\/api\/outreach\/events\/\{id\}/, () => one("id", pools.events!)],
    [/^\/api\/outreach\/photos\/\{id\}$/, () => one("id", pools.outreachPhotos!)],
  ];
  const anyIds = [
    ...new Set(
      Object.entries(pools)
        .filter(([k]) => !["users", "targets"].includes(k))
        .flatMap(([, v]) => v)
        .filter((v) => UUID.test(v) && !protectedIds.has(v)),
    ),
  ];
  const phones = ["13905731234", "13857312288", "13957300001", "0573-82345678", ...pools.callerPhones!];
  const byName: Record<string, readonly unknown[]> = {
    "@date": dates,
    // Periods that are periods: a start before an end, neither after today.
    from: [addDaysIso(o.today, -30), addDaysIso(o.today, -7), `${year}-01-01`],
    to: [o.today, addDaysIso(o.today, -1)],
    method: [...CONSENT_METHODS.map((c) => c.code), "phone", "sms"],
    roles: [SUBSCRIBER_ROLES.map((r) => r.code).slice(0, 2), ["applicant"], ["clerk", "reviewer"]],
    "@datetime": datetimes,
    departmentid: deptIds,
    department: [...deptIds, ...deptCodes],
    centreid: centres.map((c) => c.id),
    // The farm centre (the one with the 12316 hotline) twice as often as the approval centre.
    centre: [...centres.map((c) => c.id), ...centres.map((c) => c.code), ...centres.filter((c) => c.code === "JX-WNZX").flatMap((c) => [c.id, c.code])],
    name: ["沈阿根", "朱美英", "测试用户"],
    displayname: ["测试用户"],
    ownername: ["吴建国"],
    citizenname: ["张三"],
    code: [...(await ids("supervision_cards", "code", 2)), "FUZZ2", "M02", "AMR-ZX"],
    text: ["虾塘里的对虾这两天浮头，早上死了几十只", "稻田里飞虱很多，要不要打药？"],
    body: ["【测试】湖羊出售，联系 13957300001"],
    reason: ["测试原因：调班", "台风停工"],
    title: ["水稻：稻瘟病怎么预防"],
    answer: ["选用抗病品种，控制氮肥、增施钾肥，浅水勤灌。"],
    activity: ["进农家乐开展食品安全检查，指导规范后厨"],
    plan: ["整改方案：加强培训，规范服务用语，每周检查"],
    windowid: Object.values(t.window),
    homewindowid: Object.values(t.window),
    expertid: experts,
    leaderuserid: [leadId, ...o.targets].filter(Boolean) as string[],
    userid: o.targets,
    teamid: teams,
    team: teams,
    knowledgeid: knowledge,
    noticeid: notices,
    transactionid: transactions,
    casenumber: (await db.selectFrom("cases").select("number").limit(3).execute()).map((c) => c.number),
    servicecode: pools.windowServices!,
    service_code: pools.categories!,
    serviceitem: ["QY-SL-LLC"],
    materialcode: materialCodes.length ? materialCodes : ["M02"],
    consentmethod: CONSENT_METHODS.map((c) => c.code),
    phone: phones,
    villagecode: villages,
    placecode: villages,
    address_id: villages,
    "attribute[village_code]": villages,
    within: towns,
    regions: [towns.slice(0, 1), towns],
    quarter: quarters,
    year: [year, year - 1, year + 1],
    specialty: EXPERT_SPECIALTIES.map((s) => s.code),
    specialties: [EXPERT_SPECIALTIES.slice(0, 2).map((s) => s.code)],
    category: pools.categories!,
    tags: [["水稻"], ["湖羊", "水产"]],
    role: SUBSCRIBER_ROLES.map((r) => r.code),
    username: ["fuzz.login", "fuzz.nobody", " Fuzz.Login ", "fuzz.new1"],
    password: ["Wrong#Pass2026", "x", "Fuzz#Pass2026!"],
    currentpassword: ["Wrong#Pass2026", ""],
    newpassword: ["Fuzz#Pass2026!New", "short"],
    email: ["fuzz@example.com"],
    q: ["水稻", "虾", "1390573", "张", "AMR", "JX", ...SQL_FTS],
    api_key: [DEMO_OPEN311_KEY, "wrong-key"],
    service_request_id: pools.ticketNumbers!,
    revision: [1, 2, 3],
    expectedversion: [0, 1, 2],
    version: [1, 2],
    limit: [1, 20, 200],
    offset: [0, 10],
    size: [1, 2, 8],
    days: [1, 7, 31],
    phone4: callers.map((c) => c.phone.slice(-4)),
    lat: [30.75, 0, -91],
    long: [120.75, 0, 181],
  };
  return {
    byName,
    ids: anyIds,
    pathValues(op) {
      for (const [re, fn] of rules) if (re.test(op.path)) return fn(op);
      return [];
    },
  };
}
