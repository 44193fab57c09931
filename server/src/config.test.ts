import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("gives the documented defaults: SQLite under ./data on port 3000", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.kind).toBe("sqlite");
    expect(c.database.kind === "sqlite" && c.database.file).toMatch(/data\/yichuang\.sqlite$/);
    expect(c.demoData).toBe(true);
    expect(c.login.lockoutThreshold).toBe(5);
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

  it("checks rules across variables", () => {
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: "600", SESSION_MAX_HOURS: "2" })).toThrow(/SESSION_IDLE_MINUTES: must not exceed/);
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }).database.kind).toBe("sqlite");
  });
});
