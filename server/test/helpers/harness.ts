import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildApp } from "../../src/app.js";
import type { Database } from "../../src/db/database.js";
import { DEMO_PASSWORD } from "../../src/demo/jiaxing.js";
import { seedDemo } from "../../src/demo/seed.js";
import { ensureRegistrationData } from "../../src/registration/registration.service.js";
import { createTestDatabase, type TestDatabase } from "./test-db.js";

/** A running app on a fresh database with the Jiaxing demo centre. */
export interface TestApp {
  app: FastifyInstance;
  db: Database;
  tdb: TestDatabase;
  /** Ids of demo departments and windows by code / number. */
  dept: Record<string, string>;
  window: Record<string, string>;
  /** Signs in through the API and returns a client carrying the cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  /** An anonymous client. */
  anonymous(): Client;
  close(): Promise<void>;
}

/** Issues requests as one browser would: with its cookie and CSRF header. */
export class Client {
  constructor(
    readonly app: FastifyInstance,
    public cookie: string | null = null,
    public csrf: string | null = null,
    readonly ip = "127.0.0.1",
  ) {}

  inject(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (this.cookie && !("cookie" in headers)) headers.cookie = this.cookie;
    if (this.csrf && opts.method && opts.method !== "GET" && !("x-csrf-token" in headers)) headers["x-csrf-token"] = this.csrf;
    return this.app.inject({ remoteAddress: this.ip, ...opts, headers });
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.inject({ method: "GET", url, headers });
  }

  post(url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.inject({ method: "POST", url, payload: payload as InjectOptions["payload"], headers });
  }

  put(url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.inject({ method: "PUT", url, payload: payload as InjectOptions["payload"], headers });
  }

  patch(url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.inject({ method: "PATCH", url, payload: payload as InjectOptions["payload"], headers });
  }
}

/** Session cookie pair `yc_session=…` from a response's Set-Cookie, if any. */
export function sessionCookieOf(res: LightMyRequestResponse): string | null {
  const c = res.cookies.find((x) => x.name === "yc_session");
  return c && c.value ? `yc_session=${c.value}` : null;
}

/**
 * Starts the app on a fresh database (env overrides config) and seeds the demo centre, or instead
 * runs `seed` (e.g. the whole generated demo) on the empty, migrated database.
 */
export async function startTestApp(env: Record<string, string> = {}, seed?: (tdb: TestDatabase) => Promise<unknown>): Promise<TestApp> {
  const tdb = await createTestDatabase(env);
  await ensureRegistrationData(tdb.db);
  await (seed ? seed(tdb) : seedDemo(tdb.db));
  const app = await buildApp({ config: tdb.config, db: tdb.db, logger: false });
  await app.ready();
  const depts = await tdb.db.selectFrom("departments").select(["id", "code"]).execute();
  const windows = await tdb.db.selectFrom("windows").select(["id", "number"]).execute();
  return {
    app,
    db: tdb.db,
    tdb,
    dept: Object.fromEntries(depts.map((d) => [d.code, d.id])),
    window: Object.fromEntries(windows.map((w) => [w.number, w.id])),
    anonymous: () => new Client(app),
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return new Client(app, sessionCookieOf(res), res.json().csrfToken);
    },
    async close() {
      await app.close();
      await tdb.destroy();
    },
  };
}
