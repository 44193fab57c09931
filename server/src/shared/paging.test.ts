import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, pageOf } from "./paging.js";

describe("cursors", () => {
  it("read back what they were made of, checked against the keys' types", () => {
    const c = encodeCursor(["2026-12-07T08:00:00.000Z", "a1", 3, null]);
    expect(decodeCursor(c, ["s", "s", "n", "s?"])).toEqual(["2026-12-07T08:00:00.000Z", "a1", 3, null]);
    expect(pageOf([1, 2, 3], 2, (n) => [n]).nextCursor).toBe(encodeCursor([2]));
    expect(pageOf([1, 2], 2, (n) => [n]).nextCursor).toBeNull();
  });

  it("refuse anything else with a zh-CN 400 naming the field: garbage, wrong types or lengths, control characters, lone surrogates", () => {
    const bad = [
      "not-base64-json",
      encodeCursor(["a"]),
      encodeCursor([1, "b"]),
      encodeCursor(["a", null]),
      encodeCursor(["a\u0000", "b"]),
      encodeCursor(["a", "\ud800"]),
      Buffer.from("{}").toString("base64url"),
    ];
    for (const c of bad) {
      try {
        decodeCursor(c, ["s", "s"]);
        throw new Error(`accepted ${c}`);
      } catch (err) {
        expect((err as { status?: number; statusCode?: number; fields?: { path: string; message: string }[] }).fields).toEqual([{ path: "querystring.after", message: "游标：无效，请从第一页重新查询" }]);
      }
    }
  });
});
