import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("gives the documented defaults: SQLite under ./data on port 3000", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.kind).toBe("sqlite");
    expect(c.database.kind === "sqlite" && c.database.file).toMatch(/data\/yichuang\.sqlite$/);
    expect(c.demoData).toBe(true);
    expect(c.login.lockoutThreshold).toBe(100);
  });

  it("switches to PostgreSQL when DATABASE_URL is set and honours PORT and DATA_DIR", () => {
    const c = loadConfig({ DATABASE_URL: "postgres://u@127.0.0.1:5432/yc", PORT: "8080", DATA_DIR: "/tmp/yc-x" });
    expect(c.database).toEqual({ kind: "postgres", url: "postgres://u@127.0.0.1:5432/yc" });
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe("/tmp/yc-x");
  });

  it("lists every bad variable at once, with the value it got", () => {
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join("\n")).toMatch(/PORT: .*\(got "eighty"\)/);
      expect(problems.join("\n")).toMatch(/DATABASE_URL: must start with postgres:\/\//);
      expect(problems.join("\n")).toMatch(/LOG_LEVEL/);
      expect((err as Error).message).toMatch(/^Invalid configuration:\n {2}- /);
    }
  });

  it("limits the 12316 progress lookup per ticket number: 10 unless set, at least 3", () => {
    expect(loadConfig({}).login.lookupLimitPerNumber).toBe(10);
    expect(loadConfig({ HOTLINE_LOOKUP_LIMIT: "25" }).login.lookupLimitPerNumber).toBe(25);
    expect(() => loadConfig({ HOTLINE_LOOKUP_LIMIT: "1" })).toThrow(/HOTLINE_LOOKUP_LIMIT/);
  });

  it("reads the budgets of guessed secrets: NIST's 100 failures a day per username, growing waits per pair, a budget per kind", () => {
    expect(loadConfig({}).login).toEqual({
      lockoutThreshold: 100,
      lockoutMinutes: 1440,
      throttleAfter: 3,
      throttleMaxSeconds: 300,
      rateLimit: 20,
      rateWindowMinutes: 15,
      pairingLimit: 10,
      lookupLimitPerNumber: 10,
      lookupLimitPerAddress: 20,
    });
    const set = loadConfig({ LOCKOUT_THRESHOLD: "50", LOCKOUT_MINUTES: "720", LOGIN_THROTTLE_AFTER: "5", LOGIN_THROTTLE_MAX_SECONDS: "60", PAIRING_RATE_LIMIT: "4", HOTLINE_LOOKUP_ADDRESS_LIMIT: "30" }).login;
    expect(set).toMatchObject({ lockoutThreshold: 50, lockoutMinutes: 720, throttleAfter: 5, throttleMaxSeconds: 60, pairingLimit: 4, lookupLimitPerAddress: 30 });
    // More than 100 is not allowed, nor a hard lock after a handful (the old 5 was a weapon).
    expect(() => loadConfig({ LOCKOUT_THRESHOLD: "101" })).toThrow(/LOCKOUT_THRESHOLD/);
    expect(() => loadConfig({ LOCKOUT_THRESHOLD: "5" })).toThrow(/LOCKOUT_THRESHOLD/);
  });

  it("checks rules across variables", () => {
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: "600", SESSION_MAX_HOURS: "2" })).toThrow(/SESSION_IDLE_MINUTES: must not exceed/);
    expect(() => loadConfig({ SMS_HOURS_FROM: "21:00", SMS_HOURS_TO: "08:00" })).toThrow(/SMS_HOURS_TO: must be later than SMS_HOURS_FROM/);
    expect(() => loadConfig({ SMS_GATEWAY: "smpp", SMPP_HOST: "smsc.example" })).toThrow(/SMPP_SYSTEM_ID: required when SMS_GATEWAY=smpp[\s\S]*SMPP_PASSWORD/);
  });

  it("reads the SMS gateway: the embedded log by default, an SMSC account with smpp", () => {
    expect(loadConfig({}).sms).toEqual({ signature: "嘉兴12316", hours: { from: "08:00", to: "21:00" }, dailyCap: 3, gateway: { kind: "log" } });
    const smpp = loadConfig({ SMS_GATEWAY: "smpp", SMPP_HOST: "10.0.0.5", SMPP_SYSTEM_ID: "jx12316", SMPP_PASSWORD: "pw", SMPP_SOURCE_ADDR: "106573", SMPP_RATE: "20" }).sms.gateway;
    expect(smpp).toEqual({ kind: "smpp", host: "10.0.0.5", port: 2775, systemId: "jx12316", password: "pw", sourceAddr: "106573", window: 10, ratePerSecond: 20 });
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }).database.kind).toBe("sqlite");
  });
});
