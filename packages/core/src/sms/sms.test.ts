import { describe, expect, it } from "vitest";
import { composeSms, isOptOutReply, nextSendingTime, segmentSms, sendingHoursProblems, smsLength, withinSendingHours } from "./sms.js";
import { parseTags, roleCode, subscriberProblems } from "./subscribers.js";

describe("SMS segmentation", () => {
  it("keeps 70 code units in one message and splits longer text into parts of 67", () => {
    expect(segmentSms("稻".repeat(70))).toEqual(["稻".repeat(70)]);
    const parts = segmentSms("稻".repeat(71));
    expect(parts.map((p) => p.length)).toEqual([67, 4]);
    expect(segmentSms("稻".repeat(134)).map((p) => p.length)).toEqual([67, 67]);
    expect(segmentSms("稻".repeat(135)).map((p) => p.length)).toEqual([67, 67, 1]);
    expect(segmentSms("")).toEqual([""]);
  });

  it("never splits a surrogate pair, and the parts join back to the text", () => {
    const text = `${"稻".repeat(66)}𠮷${"稻".repeat(10)}`;
    const parts = segmentSms(text);
    expect(parts[0]).toBe("稻".repeat(66));
    expect(parts.join("")).toBe(text);
  });

  it("composes the signature, the body and the refusal text, and counts it", () => {
    const text = composeSms("嘉兴12316", "沈阿根有鲜活南美白对虾1000公斤出售，价格面议，联系13857312288");
    expect(text).toBe("【嘉兴12316】沈阿根有鲜活南美白对虾1000公斤出售，价格面议，联系13857312288。拒收请回复R");
    expect(smsLength(text)).toEqual({ chars: text.length, parts: text.length > 70 ? 2 : 1 });
    expect(composeSms("【嘉兴12316】", "已办结。", { optOut: false })).toBe("【嘉兴12316】已办结。");
  });

  it("recognises replies that opt out, whatever the case, width or punctuation", () => {
    for (const r of ["R", "r", " Ｒ ", "TD", "td。", "退订", "拒收！"]) expect(isOptOutReply(r), r).toBe(true);
    for (const r of ["好", "RR", "请问价格", "T", ""]) expect(isOptOutReply(r), r).toBe(false);
  });

  it("sends only inside the allowed hours in Asia/Shanghai, holding others to the next opening", () => {
    expect(withinSendingHours("2026-11-27T00:00:00Z")).toBe(true); // 08:00 Shanghai
    expect(withinSendingHours("2026-11-26T23:59:00Z")).toBe(false); // 07:59
    expect(withinSendingHours("2026-11-27T13:00:00Z")).toBe(false); // 21:00: the end is exclusive
    expect(nextSendingTime("2026-11-27T13:30:00Z").toISOString()).toBe("2026-11-28T00:00:00.000Z");
    expect(nextSendingTime("2026-11-26T22:00:00Z").toISOString()).toBe("2026-11-27T00:00:00.000Z");
    expect(nextSendingTime("2026-11-27T05:00:00Z").toISOString()).toBe("2026-11-27T05:00:00.000Z");
    expect(withinSendingHours("2026-11-27T12:30:00Z", { from: "09:00", to: "20:00" })).toBe(false);
    expect(sendingHoursProblems({ from: "21:00", to: "08:00" })).toEqual([{ path: "to", message: "允许发送结束时间：须晚于开始时间" }]);
    expect(sendingHoursProblems({ from: "8:00", to: "25:00" }).map((p) => p.path)).toEqual(["from", "to"]);
  });
});

describe("subscribers", () => {
  it("parses product tags from a cell and roles from their Chinese names", () => {
    expect(parseTags("湖羊、水稻；南美白对虾, 水稻  甲鱼")).toEqual(["湖羊", "水稻", "南美白对虾", "甲鱼"]);
    expect(parseTags(null)).toEqual([]);
    expect([roleCode("农户"), roleCode("buyer"), roleCode("合作社"), roleCode("老板")]).toEqual(["farmer", "buyer", "coop", null]);
  });

  it("names each problem of a subscriber", () => {
    expect(subscriberProblems({ phone: "+86 138-5731-2288", name: "沈阿根", villageCode: "330402103215", role: "农户", tags: ["水稻"] })).toEqual([]);
    expect(subscriberProblems({ phone: "0573-82001234", name: "王", villageCode: "", role: "x", tags: [] }).map((p) => p.path)).toEqual(["phone", "name", "villageCode", "role", "tags"]);
    expect(subscriberProblems({ phone: "13857312288", name: "沈阿根", villageCode: "330402103215", role: "farmer", tags: ["一二三四五六七八九十一二三四五六七八九十一"] })).toEqual([{ path: "tags", message: "关注品种：每个不超过 20 个字" }]);
  });
});
