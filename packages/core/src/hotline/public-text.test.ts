import { describe, expect, it } from "vitest";
import { withoutPersonalData } from "./public-text.js";

describe("an answer as the public may read it", () => {
  it("masks phones, ID-like numbers, e-mail and the caller's name, keeps the advice", () => {
    const text = "沈阿根您好：沈师傅，虾塘浮头请先开增氧机，再用底改。有问题打 138 5731 2288 或 0573-82221234，身份证 330402198001011234 不要外传，邮件 shen@example.cn。阿根记得换水。";
    const out = withoutPersonalData(text, ["沈阿根"]);
    for (const gone of ["沈阿根", "沈师傅", "阿根", "138 5731 2288", "0573-82221234", "330402198001011234", "shen@example.cn"]) expect(out).not.toContain(gone);
    expect(out).toContain("虾塘浮头请先开增氧机，再用底改");
    expect(out).toContain("＊师傅");
  });

  it("leaves short numbers (quantities, doses) and a text without names alone", () => {
    expect(withoutPersonalData("每亩用 250 克，兑水 30 公斤，间隔 7 天喷 2 次。", [null, "王"])).toBe("每亩用 250 克，兑水 30 公斤，间隔 7 天喷 2 次。");
  });
});
