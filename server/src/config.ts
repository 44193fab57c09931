import path from "node:path";
import { z } from "zod";

/**
 * Typed configuration, read from the environment once at start-up.
 * `process.env` is read nowhere else in the server.
 */
const envSchema = z
  .object({
    /** TCP port the HTTP server listens on. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Interface to bind; 0.0.0.0 to accept connections from other hosts. */
    HOST: z.string().min(1).default("127.0.0.1"),
    /** Folder for the embedded SQLite database and stored files. */
    DATA_DIR: z.string().min(1).default("./data"),
    /** postgres://… to run on PostgreSQL; unset for the embedded SQLite file. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
    /** Log level of the server's JSON log. */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Idle lifetime of a session in minutes (refreshed while used). */
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(7 * 24 * 60).default(12 * 60),
    /** Absolute lifetime of a session in hours, however active. */
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(7 * 24),
    /** How long an instance trusts a session it has looked up, in seconds (0: ask the database every time). */
    SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
    /** Failed logins one username may take within LOCKOUT_MINUTES, from every address together, before it is locked (NIST SP 800-63B §5.2.2: at most 100). */
    LOCKOUT_THRESHOLD: z.coerce.number().int().min(10).max(100).default(100),
    /** The window LOCKOUT_THRESHOLD counts in, in minutes: a lock lifts once fewer failures fall within it, or when an administrator lifts it. */
    LOCKOUT_MINUTES: z.coerce.number().int().min(15).max(30 * 24 * 60).default(24 * 60),
    /** Wrong passwords for one username from one address before each next try waits (1 s, then 2 s, 4 s … up to LOGIN_THROTTLE_MAX_SECONDS). */
    LOGIN_THROTTLE_AFTER: z.coerce.number().int().min(1).max(20).default(3),
    /** The longest wait between tries of one username from one address, in seconds. */
    LOGIN_THROTTLE_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    /** Failed logins allowed from one IP address (over every username) per window below before 429. */
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
    /** Window of the per-address budgets (logins, pairing codes, 12316 look-ups) and of HOTLINE_LOOKUP_LIMIT, in minutes. */
    LOGIN_RATE_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
    /** Wrong evaluator pairing codes allowed from one IP address per LOGIN_RATE_WINDOW_MINUTES (a budget apart from logins). */
    PAIRING_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
    /** Wrong number/digits pairs one 12316 ticket number may take per LOGIN_RATE_WINDOW_MINUTES, from any address, before its progress lookup waits. */
    HOTLINE_LOOKUP_LIMIT: z.coerce.number().int().min(3).max(1000).default(10),
    /** Wrong 12316 progress look-ups allowed from one IP address per LOGIN_RATE_WINDOW_MINUTES (a budget apart from logins). */
    HOTLINE_LOOKUP_ADDRESS_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
    /** Mark cookies Secure (set true behind HTTPS). */
    COOKIE_SECURE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
    /** Largest accepted JSON body in bytes. */
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
    /** Largest uploaded material (PDF, JPG, PNG) in bytes. */
    UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
    /** Share of a task's promised time after which its light turns yellow. */
    YELLOW_RATIO: z.coerce.number().min(0.1).max(1).default(0.5),
    /** GB/T 2260 code of the registering centre's division, in new USCCs. */
    CENTRE_DIVISION: z.string().regex(/^\d{6}$/, "must be a 6-digit GB/T 2260 code").default("330400"),
    /** Start the server's clock at this instant (ISO 8601 with its zone, e.g. 2026-12-30T09:00:00+08:00); it then runs at real speed. For trying the product at another date; unset in production. */
    CLOCK_START: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, "must be an ISO 8601 instant with its zone, e.g. 2026-12-30T09:00:00+08:00")
      .refine((v) => !Number.isNaN(Date.parse(v)), "must be a real instant")
      .optional(),
    /** Load the Jiaxing demo centre on first start of an empty database. */
    DEMO_DATA: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
    /** Trust X-Forwarded-For from a reverse proxy for client addresses. */
    TRUST_PROXY: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
    /** How long the window's evaluator asks for a rating before the transaction stays unrated, in seconds. */
    EVALUATOR_PROMPT_SECONDS: z.coerce.number().int().min(10).max(600).default(60),
    /** Minutes after a bad review before its clerk sees the ticket: the citizen has left the window by then. */
    RECTIFY_CLERK_DELAY_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(30),
    /** How long an instance reuses a quarter's provisional (not yet closed) standings, in seconds (0: recount every time). */
    ASSESSMENT_LIVE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    DASHBOARD_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    /** Address citizens reach the site at, printed on supervision cards' QR codes and in SMS links. */
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Folder of the built web app to serve; empty to serve no web app. */
    WEB_DIST: z.string().optional(),
    /** The 【signature】 every broadcast SMS carries. */
    SMS_SIGNATURE: z.string().min(2).max(12).default("嘉兴12316"),
    /** Local times (Asia/Shanghai) between which broadcasts go out; outside them messages are held. */
    SMS_HOURS_FROM: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM").default("08:00"),
    SMS_HOURS_TO: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM").default("21:00"),
    /** Broadcast messages one number may receive per day (more are held to the next day). */
    SMS_DAILY_CAP: z.coerce.number().int().min(1).max(100).default(3),
    /** Where broadcasts go: log (the embedded default: recorded, not sent) or smpp (an SMSC, settings below). */
    SMS_GATEWAY: z.enum(["log", "smpp"]).default("log"),
    SMPP_HOST: z.string().optional(),
    SMPP_PORT: z.coerce.number().int().min(1).max(65535).default(2775),
    SMPP_SYSTEM_ID: z.string().max(16).optional(),
    SMPP_PASSWORD: z.string().max(9).optional(),
    /** Our sender number (the SMSC's long code for this account). */
    SMPP_SOURCE_ADDR: z.string().max(21).optional(),
    /** submit_sm awaiting a response at most, and per second at most (each part counts). */
    SMPP_WINDOW: z.coerce.number().int().min(1).max(100).default(10),
    SMPP_RATE: z.coerce.number().int().min(1).max(10_000).default(50),
  })
  .superRefine((env, ctx) => {
    if (env.SMS_GATEWAY === "smpp") {
      for (const k of ["SMPP_HOST", "SMPP_SYSTEM_ID", "SMPP_PASSWORD", "SMPP_SOURCE_ADDR"] as const) {
        if (!env[k]) ctx.addIssue({ code: "custom", path: [k], message: "required when SMS_GATEWAY=smpp" });
      }
    }
    if (env.SMS_HOURS_TO <= env.SMS_HOURS_FROM) ctx.addIssue({ code: "custom", path: ["SMS_HOURS_TO"], message: "must be later than SMS_HOURS_FROM" });
    if (env.SESSION_IDLE_MINUTES > env.SESSION_MAX_HOURS * 60) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_IDLE_MINUTES"],
        message: "must not exceed SESSION_MAX_HOURS × 60",
      });
    }
  });

/** The server's configuration. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean; cacheSeconds: number };
  /** Budgets of guessed secrets (identity/attempts.service.ts): logins, pairing codes, 12316 look-ups, each counted apart. */
  login: {
    /** Failed logins of one username (every address) within `lockoutMinutes` that lock it. */
    lockoutThreshold: number;
    lockoutMinutes: number;
    /** Wrong passwords of one username from one address before the growing waits begin, and the longest wait. */
    throttleAfter: number;
    throttleMaxSeconds: number;
    /** Failed logins from one address (every username) per `rateWindowMinutes`. */
    rateLimit: number;
    rateWindowMinutes: number;
    /** Wrong pairing codes from one address per `rateWindowMinutes`. */
    pairingLimit: number;
    /** Wrong pairs per 12316 ticket number in the window (the public progress lookup). */
    lookupLimitPerNumber: number;
    /** Wrong 12316 look-ups from one address per `rateWindowMinutes`. */
    lookupLimitPerAddress: number;
  };
  bodyLimitBytes: number;
  uploadMaxBytes: number;
  yellowRatio: number;
  centreDivision: string;
  demoData: boolean;
  /** The instant the server's clock starts at (CLOCK_START), or null for the machine's time. */
  clockStart: string | null;
  trustProxy: boolean;
  webDist: string | null;
  evaluatorPromptSeconds: number;
  rectifyClerkDelayMinutes: number;
  /** Seconds an instance reuses a quarter's provisional standings. */
  assessmentLiveSeconds: number;
  /** How long an instance reuses the dashboard's figures for the same period and department (0: always count). */
  dashboardCacheSeconds: number;
  /** Without a trailing slash. */
  publicUrl: string;
  sms: {
    signature: string;
    hours: { from: string; to: string };
    dailyCap: number;
    gateway: { kind: "log" } | { kind: "smpp"; host: string; port: number; systemId: string; password: string; sourceAddr: string; window: number; ratePerSecond: number };
  };
}

/** Raised when the environment holds bad settings; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment into a Config, or throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>, defaults: { webDist?: string } = {}): Config {
  // Treat empty strings as unset, as shells commonly export VAR= to clear.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = i.path.join(".");
        const value = cleaned[key];
        return `${key}: ${i.message}${value === undefined ? "" : ` (got "${value}")`}`;
      }),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "sqlite", file: path.join(dataDir, "yichuang.sqlite") },
    logLevel: e.LOG_LEVEL,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS, cookieSecure: e.COOKIE_SECURE, cacheSeconds: e.SESSION_CACHE_SECONDS },
    login: {
      lockoutThreshold: e.LOCKOUT_THRESHOLD,
      lockoutMinutes: e.LOCKOUT_MINUTES,
      throttleAfter: e.LOGIN_THROTTLE_AFTER,
      throttleMaxSeconds: e.LOGIN_THROTTLE_MAX_SECONDS,
      rateLimit: e.LOGIN_RATE_LIMIT,
      rateWindowMinutes: e.LOGIN_RATE_WINDOW_MINUTES,
      pairingLimit: e.PAIRING_RATE_LIMIT,
      lookupLimitPerNumber: e.HOTLINE_LOOKUP_LIMIT,
      lookupLimitPerAddress: e.HOTLINE_LOOKUP_ADDRESS_LIMIT,
    },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    yellowRatio: e.YELLOW_RATIO,
    centreDivision: e.CENTRE_DIVISION,
    demoData: e.DEMO_DATA,
    clockStart: e.CLOCK_START ?? null,
    trustProxy: e.TRUST_PROXY,
    evaluatorPromptSeconds: e.EVALUATOR_PROMPT_SECONDS,
    rectifyClerkDelayMinutes: e.RECTIFY_CLERK_DELAY_MINUTES,
    assessmentLiveSeconds: e.ASSESSMENT_LIVE_SECONDS,
    dashboardCacheSeconds: e.DASHBOARD_CACHE_SECONDS,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === "0.0.0.0" ? "127.0.0.1" : e.HOST}:${e.PORT}`).replace(/\/+$/, ""),
    webDist: e.WEB_DIST ? path.resolve(e.WEB_DIST) : (defaults.webDist ?? null),
    sms: {
      signature: e.SMS_SIGNATURE,
      hours: { from: e.SMS_HOURS_FROM, to: e.SMS_HOURS_TO },
      dailyCap: e.SMS_DAILY_CAP,
      gateway:
        e.SMS_GATEWAY === "smpp"
          ? { kind: "smpp", host: e.SMPP_HOST!, port: e.SMPP_PORT, systemId: e.SMPP_SYSTEM_ID!, password: e.SMPP_PASSWORD!, sourceAddr: e.SMPP_SOURCE_ADDR!, window: e.SMPP_WINDOW, ratePerSecond: e.SMPP_RATE }
          : { kind: "log" },
    },
  };
}
