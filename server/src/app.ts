import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import cookie from "@fastify/cookie";
import helmet, { type HelmetOptions } from "helmet";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { ErrorCode, useZhCnValidationMessages } from "@yichuang/core";
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyServerOptions } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { auditRoutes } from "./audit/audit.routes.js";
import { FileStore } from "./platform/files.js";
import { casesRoutes } from "./cases/cases.routes.js";
import type { Config } from "./config.js";
import { isReachable, type Database } from "./db/database.js";
import { identityRoutes } from "./identity/identity.routes.js";
import { SessionCache } from "./identity/session-cache.js";
import { sessionPlugin } from "./identity/session.plugin.js";
import { orgRoutes } from "./org/org.routes.js";
import { assessmentRoutes } from "./assessment/assessment.routes.js";
import { evaluationRoutes } from "./evaluation/evaluation.routes.js";
import { dutyRoutes } from "./hotline/duty.routes.js";
import { placesRoutes } from "./hotline/places.routes.js";
import { ticketRoutes } from "./hotline/tickets.routes.js";
import { open311AdminRoutes, open311Routes } from "./hotline/open311.routes.js";
import { subscriberRoutes } from "./sms/subscribers.routes.js";
import { noticeRoutes } from "./sms/notices.routes.js";
import { broadcastRoutes } from "./sms/broadcasts.routes.js";
import { outreachRoutes } from "./outreach/outreach.routes.js";
import { dashboardRoutes } from "./dashboard/dashboard.routes.js";
import { healthRoutes } from "./platform/health.routes.js";
import { CalendarService } from "./platform/calendar/calendar.service.js";
import { calendarRoutes } from "./platform/calendar/calendar.routes.js";
import { DeadlineRecount } from "./platform/calendar/recount.js";
import { nowIso } from "./platform/clock.js";
import { installOutageHandling } from "./platform/outage.js";
import { taskDeadlines } from "./cases/cases.service.js";
import { rectificationDeadlineSource } from "./evaluation/rectification.service.js";
import { hotlineDeadlineSource } from "./hotline/tickets.service.js";
import { createPushHub, type PushHub } from "./platform/push.js";
import { ReadCache } from "./platform/read-cache.js";
import { registrationRoutes } from "./registration/registration.routes.js";
import { AppError } from "./shared/errors.js";
import { errorHandler, fastSerializerCompiler, frameworkErrors, installKeptSerialisation, installTextRule, zhValidatorCompiler } from "./shared/http.js";
import { windowRoutes } from "./window/window.routes.js";

/** Everything the app needs from outside; tests pass their own. */
export interface AppDeps {
  config: Config;
  db: Database;
  logger?: FastifyServerOptions["logger"];
  /** Server push between instances; by default one for the configured database, closed with the app. */
  push?: PushHub;
  /** The working calendar; by default one reading the app's database. */
  calendar?: CalendarService;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The working calendar of this app and the recount of open deadlines after it changes. */
    workingCalendar: { service: CalendarService; recount: DeadlineRecount };
  }
}

/** Builds the HTTP application: infrastructure plugins, then one plugin per domain. */
export async function buildApp({ config, db, logger, push: givenPush, calendar: givenCalendar }: AppDeps): Promise<FastifyInstance> {
  useZhCnValidationMessages();
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Per-request lines only when debugging: they would dominate the log and the hot path.
    logController: new LogController({ disableRequestLogging: config.logLevel !== "debug" && config.logLevel !== "trace" }),
    routerOptions: { ignoreTrailingSlash: true },
    // A path the router cannot read (bad percent-encoding, a parameter too long) answers in the app's error body too.
    frameworkErrors,
  });
  app.setValidatorCompiler(zhValidatorCompiler);
  app.setSerializerCompiler(fastSerializerCompiler);
  installKeptSerialisation(app);
  app.setErrorHandler(errorHandler);
  installTextRule(app);
  installOutageHandling(app, () => isReachable(db));
  // An empty JSON body is no body (a POST that only names an action); anything else is parsed as usual, safely.
  const defaultJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) =>
    (body as string).length === 0 ? done(null, undefined) : defaultJson(req, body as string, done),
  );
  const pagePolicy = installSecurityHeaders(app, config);

  await app.register(swagger, {
    openapi: {
      info: { title: "一窗 Yichuang API", version: "0.1.0", description: "嘉兴市行政审批服务中心与为农服务中心平台接口" },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "yc_session" } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The same policy on /docs, plus the one <style> element of Swagger UI's logo (by its hash).
  await app.register(swaggerUi, { routePrefix: "/docs", transformStaticCSP: (csp) => csp.replace(/style-src [^;]*/, `$& ${SWAGGER_LOGO_STYLE}`) });
  await app.register(cookie);
  const identity = { db, config, sessions: new SessionCache(config.session.cacheSeconds * 1000) };
  await app.register(sessionPlugin, identity);

  // The server's clock on every API answer: the browser takes "today" from it, not from its own.
  app.addHook("onRequest", (req, reply, done) => {
    if (req.url.startsWith("/api/")) reply.header("x-yc-now", nowIso());
    done();
  });

  const calendar = givenCalendar ?? new CalendarService(db, { kind: config.database.kind, log: app.log });
  const recount = new DeadlineRecount({
    db,
    calendar,
    sources: [taskDeadlines({ db, config }), rectificationDeadlineSource({ db, config }), hotlineDeadlineSource({ db, config })],
    log: app.log,
    // SQLite runs each batch on the server's own thread; PostgreSQL's batches cost round trips instead.
    batch: config.database.kind === "postgres" ? 2000 : 500,
    parallel: config.database.kind === "postgres",
  });
  // Whenever this instance reads a newer calendar (its own change or another instance's), open deadlines are recounted.
  const stopListening = calendar.onChange(() => recount.kick());
  app.decorate("workingCalendar", { service: calendar, recount });
  app.addHook("onClose", async () => {
    stopListening();
    await recount.idle();
  });

  await app.register(healthRoutes, { db, calendar });
  await app.register(identityRoutes, identity);
  await app.register(orgRoutes, { db });
  await app.register(registrationRoutes, { db });
  const push = givenPush ?? createPushHub(config.database, (m) => app.log.warn(m));
  if (!givenPush) app.addHook("onClose", () => push.close());
  const files = new FileStore(path.join(config.dataDir, "files"));
  const reads = new ReadCache(db, config.database.kind, push);
  // Tries at secrets that nothing holds back (identity/attempts.service.ts), apart: the public's look-ups must not push staff pages out.
  const cleared = new ReadCache(db, config.database.kind, push, 10_000);
  await app.register(auditRoutes, { db, reads });
  await app.register(calendarRoutes, { db, calendar });
  await app.register(casesRoutes, { db, config, files, push, calendar, reads });
  await app.register(windowRoutes, { db, config, files, push, reads });
  await app.register(evaluationRoutes, { db, config, files, push, calendar, reads });
  await app.register(assessmentRoutes, { db, config, reads });
  await app.register(dutyRoutes, { db, calendar });
  await app.register(placesRoutes);
  await app.register(ticketRoutes, { db, config, files, calendar, reads, cleared });
  await app.register(open311Routes, { db, config, files, calendar, reads, prefix: "/open311/v2" });
  await app.register(open311AdminRoutes, { db });
  await app.register(subscriberRoutes, { db, uploadMaxBytes: config.uploadMaxBytes, reads });
  await app.register(noticeRoutes, { db, reads });
  await app.register(broadcastRoutes, { db, config, reads });
  await app.register(outreachRoutes, { db, config, files, reads });
  await app.register(dashboardRoutes, { db, config, calendar });

  const webDist = config.webDist && fs.existsSync(path.join(config.webDist, "index.html")) ? config.webDist : null;
  if (webDist) {
    // The app's entry page; every other page route falls back to it in the not-found handler.
    app.get("/", { config: { access: "public" }, schema: { hide: true } }, (_req, reply) => sendPage(reply, webDist, pagePolicy));
    await app.register(fastifyStatic, {
      root: webDist,
      index: false,
      // The entry page is only ever sent with this request's nonce (sendPage), never as the file on disk.
      allowedPath: (file) => file !== "/index.html",
      // The build writes name.br and name.gz beside each asset (web/build/precompress.ts): sent to a
      // browser that accepts them, never compressed per request.
      preCompressed: true,
      // Ours below, not the plugin's "max-age=0" (which would also override them).
      cacheControl: false,
      // Hashed bundles never change: kept a year without asking again; everything else is revalidated.
      setHeaders: (res, file) => {
        res.setHeader("cache-control", file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache");
        res.setHeader("vary", "accept-encoding");
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split("?")[0] ?? "/";
    const wantsPage = req.method === "GET" && !url.startsWith("/api/") && !path.extname(url) && (req.headers.accept ?? "").includes("text/html");
    if (webDist && wantsPage) {
      // The single-page app routes everything else in the browser.
      return sendPage(reply, webDist, pagePolicy);
    }
    const error = new AppError(ErrorCode.NOT_FOUND, `接口不存在：${req.method} ${url}`);
    return reply.status(404).send(error.toBody());
  });

  return app;
}

/** Swagger UI's logo is an SVG with one <style> element of its own: the policy of /docs admits exactly that one. */
const SWAGGER_LOGO_STYLE = `'sha256-${createHash("sha256").update(".logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}").digest("base64")}'`;
/** The nonce Vite writes on the entry page's tags and its csp-nonce meta (web/vite.config.ts, html.cspNonce). */
const NONCE_PLACEHOLDER = "__YC_CSP_NONCE__";
/**
 * Security headers on every answer (pages, API, files): a strict Content-Security-Policy, no framing,
 * nosniff, same-origin referrers, HSTS when the site runs on HTTPS (COOKIE_SECURE); and every file
 * (material, photo, PDF, workbook, calendar) sent with a Content-Disposition.
 *
 * The headers are helmet's (the library @fastify/helmet runs on every request), computed once at start:
 * they never vary by request but for the entry page's style nonce (sendPage). Recomputed per request, as
 * the plugin does, they cut an authenticated read from 60 % to 21 % of a bare route (bench/foundation.mjs).
 */
function installSecurityHeaders(app: FastifyInstance, config: Config): (nonce: string) => string {
  const https = config.session.cookieSecure;
  const headers = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "script-src-attr": ["'none'"],
        // <style> elements only with the page's nonce (antd's CSS-in-JS; web/src/csp.ts, Providers.tsx): the
        // entry page adds it (pageSecurityPolicy); nothing else this server sends is a page.
        "style-src": ["'self'"],
        // Style attributes written as text: ECharts' tooltips are HTML with style attributes, and antd's
        // auto-sizing TextArea measures with setAttribute("style"); no nonce can cover an attribute. Only
        // attributes: they hold no selectors (the way CSS reads a page out), and <style> still needs the nonce.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        // Over plain HTTP (a closed network, the tests) an upgrade would break every request.
        ...(https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: true } : false,
  });
  const policy = headers["content-security-policy"]!;
  app.addHook("onRequest", (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  // A file is never shown as a page of this site: it names itself as a download or an inline file,
  // and nosniff (above) keeps the browser to its declared type.
  app.addHook("onSend", (_req, reply, payload, done) => {
    const type = reply.getHeader("content-type");
    const isFile = typeof type === "string" ? !NOT_A_FILE.test(type) : payload !== null && payload !== undefined && typeof payload !== "string";
    if (isFile && !reply.hasHeader("content-disposition")) reply.header("content-disposition", "inline");
    done(null, payload);
  });
  // The entry page's policy: its <style> elements by this response's nonce.
  return (nonce) => policy.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`);
}

/** Answers that are the site itself (pages, their scripts and styles) or data, not files. */
const NOT_A_FILE = /^\s*(text\/(html|css|javascript|event-stream|xml)|application\/(json|[\w.+-]*\+json|javascript|xml))\b/i;

/** helmet's headers for these options, as its middleware writes them (lower-case names). */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let failed: unknown = null;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => void (failed = err ?? null));
  if (failed) throw failed;
  return headers;
}

/** The single-page app's entry page, its nonce placeholder replaced by this response's own nonce. */
async function sendPage(reply: FastifyReply, webDist: string, policy: (nonce: string) => string): Promise<FastifyReply> {
  const nonce = randomBytes(16).toString("base64");
  const html = await fs.promises.readFile(path.join(webDist, "index.html"), "utf8");
  // A nonce must not outlive its response: the page is never stored.
  return reply
    .header("content-security-policy", policy(nonce))
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(html.replaceAll(NONCE_PLACEHOLDER, nonce));
}
