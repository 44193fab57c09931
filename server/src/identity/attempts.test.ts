import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { budgetsOf, formatWait, pairWaitSeconds, refusalError } from "./attempts.service.js";

describe("attempt budgets", () => {
  const config = loadConfig({});

  it("lets a pair try freely a few times, then waits 1 s, 2 s, 4 s … up to LOGIN_THROTTLE_MAX_SECONDS", () => {
    const pair = budgetsOf(config, "login").pair!;
    expect([0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 50, 5000].map((n) => pairWaitSeconds(n, pair))).toEqual([0, 0, 0, 1, 2, 4, 8, 128, 256, 300, 300, 300]);
  });

  it("gives each kind budgets of its own: pairing codes only per address, 12316 look-ups per address and per number", () => {
    expect(budgetsOf(config, "evaluator.pairing")).toEqual({ address: { limit: 10, minutes: 15 } });
    expect(budgetsOf(config, "hotline.lookup")).toEqual({ address: { limit: 20, minutes: 15 }, subject: { limit: 10, minutes: 15, locks: false } });
    expect(budgetsOf(config, "login").subject).toEqual({ limit: 100, minutes: 1440, locks: true });
  });

  it("words the wait, and answers a locked username with 423 and the others with 429", () => {
    expect([1, 59, 60, 61, 3599, 3600, 86_340].map(formatWait)).toEqual(["1 秒", "59 秒", "1 分钟", "2 分钟", "60 分钟", "1 小时", "24 小时"]);
    const until = "2026-12-01T00:00:00.000Z";
    expect(refusalError("login", { budget: "subject", until, retryAfterSeconds: 7200 }).toBody()).toEqual({
      error: { code: "ACCOUNT_LOCKED", message: "登录失败次数过多，该账号已暂停登录，请 2 小时后再试或联系系统管理员解锁", retryAfterSeconds: 7200, lockedUntil: until },
    });
    expect(refusalError("login", { budget: "pair", until, retryAfterSeconds: 4 }).status).toBe(429);
    expect(refusalError("hotline.lookup", { budget: "subject", until, retryAfterSeconds: 600 }).message).toBe("查询次数过多，请 10 分钟后再试，或拨打12316查询");
  });
});
