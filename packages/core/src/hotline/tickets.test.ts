import { describe, expect, it } from "vitest";
import {
  categoryLimits,
  normalizePhone,
  placeProblem,
  ticketActionProblem,
  ticketActions,
  ticketInputProblems,
  ticketNumber,
  type HotlineTicketStatus,
  type TicketAction,
  type TicketInput,
} from "./tickets.js";

describe("caller's phone", () => {
  it("reads a mobile number written with spaces, hyphens or the +86 country code", () => {
    for (const raw of ["13800138000", "138 0013 8000", "138-0013-8000", " 138 0013 8000 ", "+86 138 0013 8000", "+8613800138000", "8613800138000", "+86-138-0013-8000", "+86 138-0013-8000"]) {
      expect(normalizePhone(raw), raw).toBe("13800138000");
    }
    expect(normalizePhone("199 5730 1234")).toBe("19957301234");
    expect(normalizePhone("0086 13800138000")).toBe("13800138000");
    // Typed with a Chinese input method: full-width digits and hyphens.
    expect(normalizePhone("１３８－００１３－８０００")).toBe("13800138000");
  });

  it("reads a landline with its area code, hyphenated or not", () => {
    for (const raw of ["0573-82001234", "057382001234", "0573 8200 1234", "(0573)82001234", "（0573）82001234", "0573-8200-1234"]) {
      expect(normalizePhone(raw), raw).toBe("0573-82001234");
    }
    expect(normalizePhone("0573-8200123")).toBe("0573-8200123");
    // Three-digit area codes (Beijing 010, 02x) are split right without a hyphen too.
    expect(normalizePhone("010-82001234")).toBe("010-82001234");
    expect(normalizePhone("01082001234")).toBe("010-82001234");
    expect(normalizePhone("02162001234")).toBe("021-62001234");
    expect(normalizePhone("0571 8765432")).toBe("0571-8765432");
    // From abroad: +86, then the area code with or without its trunk 0.
    expect(normalizePhone("+86 573 8200 1234")).toBe("0573-82001234");
    expect(normalizePhone("+86 0573-82001234")).toBe("0573-82001234");
    expect(normalizePhone("０５７３－８２００１２３４")).toBe("0573-82001234");
  });

  it("refuses what is neither", () => {
    for (const raw of ["", "  ", "12345", "1380013800", "138001380000", "12800138000", "23800138000", "82001234", "0573-123", "0573-123456789", "abc", "138OO138OOO", "+1 415 555 0100", "0573-02001234", "0573-12316", "86 0573 82001234", "+86"]) {
      expect(normalizePhone(raw), raw).toBeNull();
    }
  });
});

describe("a ticket as logged", () => {
  const ok: TicketInput = { phone: "138 0013 8000", name: "张三", villageCode: "330402103215", category: "production", product: "水稻", text: "稻瘟病怎么防治？" };
  const problems = (patch: Partial<TicketInput>, opts?: { villageRequired: boolean }) => ticketInputProblems({ ...ok, ...patch }, opts);

  it("accepts a sound call, with a village (新丰镇竹林村) or a town code", () => {
    expect(problems({})).toEqual([]);
    expect(problems({ villageCode: "330402103" })).toEqual([]);
    expect(problems({ name: null, product: null, phone: "0573-82001234" })).toEqual([]);
  });

  it("wants the village on a call, not on a web request", () => {
    for (const villageCode of [null, undefined, ""]) {
      expect(problems({ villageCode })).toEqual([{ path: "villageCode", message: "所在村（社区）：请按村名选择" }]);
      expect(problems({ villageCode }, { villageRequired: false })).toEqual([]);
    }
  });

  it("refuses unknown and malformed place codes, required or not", () => {
    expect(problems({ villageCode: "330402999999" })).toEqual([{ path: "villageCode", message: "所在村（社区）：区划代码 330402999999 不存在" }]);
    expect(problems({ villageCode: "330402999999" }, { villageRequired: false })).toEqual([{ path: "villageCode", message: "所在村（社区）：区划代码 330402999999 不存在" }]);
    for (const villageCode of ["330402", "3304021032", "33040210321a", "3304021032150"]) {
      expect(problems({ villageCode }), villageCode).toEqual([{ path: "villageCode", message: "所在村（社区）：须为 9 位乡镇或 12 位村（社区）区划代码" }]);
    }
  });

  it("names each field that is wrong, in zh-CN", () => {
    expect(problems({ phone: "12345" })).toEqual([{ path: "phone", message: "来电号码：须为 11 位手机号或带区号的固定电话" }]);
    expect(problems({ name: "张".repeat(21) })).toEqual([{ path: "name", message: "姓名：不能超过 20 个字" }]);
    expect(problems({ name: ` ${"张".repeat(20)} ` })).toEqual([]);
    expect(problems({ category: "weather" })).toEqual([{ path: "category", message: "问题类别：须为 生产技术问题、供求信息、政策咨询、市场行情、投诉举报、其他 之一" }]);
    expect(problems({ product: "稻".repeat(41) })).toEqual([{ path: "product", message: "品种/产品：不能超过 40 个字" }]);
    expect(problems({ product: "稻".repeat(40) })).toEqual([]);
    expect(problems({ text: " 稻 " })).toEqual([{ path: "text", message: "问题描述：请至少写 2 个字" }]);
    expect(problems({ text: "稻".repeat(2001) })).toEqual([{ path: "text", message: "问题描述：不能超过 2000 字" }]);
    // Characters, not UTF-16 units: 2000 characters outside the BMP are 4000 units.
    expect(problems({ text: "𠮷".repeat(2000) })).toEqual([]);
    expect(problems({ name: "𠮷".repeat(20) })).toEqual([]);
  });

  it("lists every problem at once, in field order", () => {
    const all = ticketInputProblems({ phone: "", name: "x".repeat(30), villageCode: null, category: "", product: "y".repeat(50), text: "" });
    expect(all.map((p) => p.path)).toEqual(["phone", "name", "villageCode", "category", "product", "text"]);
  });
});

describe("place codes", () => {
  it("is silent without a code, names the field and label otherwise", () => {
    for (const code of [null, undefined, ""]) expect(placeProblem(code, "villageCode")).toBeNull();
    expect(placeProblem("330402103215", "villageCode")).toBeNull();
    expect(placeProblem("330402007", "town")).toBeNull();
    expect(placeProblem("330402999", "towns.0", "乡镇")).toEqual({ path: "towns.0", message: "乡镇：区划代码 330402999 不存在" });
    expect(placeProblem("330402007999", "villageCode")).toEqual({ path: "villageCode", message: "所在村（社区）：区划代码 330402007999 不存在" });
    expect(placeProblem("3304", "x", "乡镇")).toEqual({ path: "x", message: "乡镇：须为 9 位乡镇或 12 位村（社区）区划代码" });
  });
});

describe("ticket steps", () => {
  const plain = { waiting: false, visitRecorded: false, calledBack: false };

  it("offers the steps each state allows", () => {
    const offered = (status: HotlineTicketStatus, s: Partial<typeof plain> = {}) => ticketActions(status, { ...plain, ...s });
    expect(offered("open")).toEqual(["answer", "transfer", "dispatch", "wait"]);
    expect(offered("transferred")).toEqual(["answer", "transfer", "dispatch", "wait"]);
    // Waiting is a flag: the ticket may still be answered (which ends the wait) or resumed.
    expect(offered("open", { waiting: true })).toEqual(["answer", "transfer", "dispatch", "resume"]);
    expect(offered("visit")).toEqual(["record_visit", "wait"]);
    expect(offered("visit", { visitRecorded: true })).toEqual(["record_visit", "close", "wait"]);
    expect(offered("visit", { visitRecorded: true, waiting: true })).toEqual(["record_visit", "close", "resume"]);
    expect(offered("closed")).toEqual(["callback"]);
    expect(offered("closed", { calledBack: true })).toEqual([]);
    expect(ticketActions("open", { waiting: false })).toEqual(["answer", "transfer", "dispatch", "wait"]);
  });

  it("says why a step may not be taken", () => {
    const why = (status: HotlineTicketStatus, action: TicketAction, s: Partial<typeof plain> = {}) => ticketActionProblem(status, action, { ...plain, ...s });
    expect(why("closed", "close", { visitRecorded: true })).toBe("工单已办结，不能再办结");
    expect(why("closed", "answer")).toBe("工单已办结，不能再答复");
    expect(why("closed", "resume", { waiting: true })).toBe("工单已办结，不能再恢复处理");
    expect(why("open", "close", { visitRecorded: true })).toBe("工单当前状态为“待坐诊专家处理”，不能办结");
    expect(why("transferred", "record_visit")).toBe("工单当前状态为“已转专家”，不能记录上门情况");
    expect(why("visit", "answer")).toBe("工单当前状态为“上门服务中”，不能答复");
    expect(why("visit", "transfer")).toBe("工单当前状态为“上门服务中”，不能转专家");
    expect(why("visit", "close")).toBe("请先记录上门服务的发现和建议，再办结");
    expect(why("open", "wait", { waiting: true })).toBe("工单已在等待农户");
    expect(why("visit", "resume")).toBe("工单没有在等待农户");
    expect(why("closed", "callback", { calledBack: true })).toBe("该工单已回访，不能重复回访");
    expect(why("closed", "callback")).toBeNull();
    expect(ticketActionProblem("open", "answer")).toBeNull();
    expect(ticketActionProblem("open", "resume")).toBe("工单没有在等待农户");
  });

  it("calls back only once, and only on a closed ticket", () => {
    const labels: Record<Exclude<HotlineTicketStatus, "closed">, string> = { open: "待坐诊专家处理", transferred: "已转专家", visit: "上门服务中" };
    for (const [status, label] of Object.entries(labels) as [HotlineTicketStatus, string][]) {
      for (const s of [plain, { ...plain, waiting: true }, { ...plain, visitRecorded: true }]) {
        expect(ticketActionProblem(status, "callback", s)).toBe(`工单当前状态为“${label}”，不能回访`);
        expect(ticketActions(status, s)).not.toContain("callback");
      }
    }
    expect(ticketActions("closed", plain)).toEqual(["callback"]);
    expect(ticketActions("closed", { ...plain, calledBack: true })).not.toContain("callback");
  });

  it("closes by phone from open or transferred, but by visit only once its findings are in", () => {
    for (const status of ["open", "transferred"] as const) {
      expect(ticketActionProblem(status, "answer", plain)).toBeNull();
      expect(ticketActionProblem(status, "close", { ...plain, visitRecorded: true })).not.toBeNull();
    }
    expect(ticketActionProblem("visit", "close", { ...plain, visitRecorded: true })).toBeNull();
    // Nothing but the call-back is open on a closed ticket, whatever the flags.
    for (const s of [plain, { waiting: true, visitRecorded: true, calledBack: false }]) {
      expect(ticketActions("closed", s)).toEqual(["callback"]);
    }
  });
});

describe("service levels and ticket numbers", () => {
  it("uses the category's defaults, or the centre's own", () => {
    expect(categoryLimits("production")).toEqual({ responseMinutes: 30, solutionMinutes: 900 });
    expect(categoryLimits("supply_demand")).toEqual({ responseMinutes: 60, solutionMinutes: 450 });
    expect(categoryLimits("complaint")).toEqual({ responseMinutes: 30, solutionMinutes: 2250 });
    // An unknown category falls back to 其他.
    expect(categoryLimits("weather")).toEqual({ responseMinutes: 60, solutionMinutes: 1350 });
    const own = { production: { responseMinutes: 15, solutionMinutes: 450 } };
    expect(categoryLimits("production", own)).toEqual({ responseMinutes: 15, solutionMinutes: 450 });
    expect(categoryLimits("policy", own)).toEqual({ responseMinutes: 30, solutionMinutes: 450 });
    expect(categoryLimits("market", {})).toEqual({ responseMinutes: 30, solutionMinutes: 450 });
  });

  it("numbers tickets 12316-<year>-<6 digits>", () => {
    expect(ticketNumber(2026, 1)).toBe("12316-2026-000001");
    expect(ticketNumber(2026, 4321)).toBe("12316-2026-004321");
    expect(ticketNumber(2027, 999999)).toBe("12316-2027-999999");
  });
});
