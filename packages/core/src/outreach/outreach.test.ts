import { describe, expect, it } from "vitest";
import { outreachEventProblems, serviceAreaOf, serviceTeamProblems, teamMemberProblems } from "./outreach.js";

const good = { date: "2026-11-20", placeCode: "330402103215", activity: "上门宣讲食品安全法规，检查农家乐后厨", problemsSolved: 6, peopleServed: 45 };

describe("outreachEventProblems", () => {
  it("accepts an event at a village, a town or a county", () => {
    for (const placeCode of ["330402103215", "330402103", "330402"]) expect(outreachEventProblems({ ...good, placeCode }, "2026-12-02")).toEqual([]);
  });
  it("names each field in Chinese", () => {
    const p = outreachEventProblems({ date: "2026-12-03", placeCode: "330402999999", activity: "走访农户宣讲", problemsSolved: -1, peopleServed: 0 }, "2026-12-02");
    expect(p).toEqual([
      { path: "date", message: "服务日期：不能晚于今天" },
      { path: "placeCode", message: "服务地点：区划代码 330402999999 不存在" },
      { path: "problemsSolved", message: "解决问题数：须为不小于 0 的整数" },
      { path: "peopleServed", message: "服务人次：须为不小于 1 的整数" },
    ]);
    expect(outreachEventProblems({ ...good, date: "2026-09-01", activity: "好", placeCode: "33040" }, "2026-12-02").map((x) => x.message)).toEqual([
      "服务日期：只能补录 60 天内的活动",
      "服务地点：须为 6 位区县、9 位乡镇或 12 位村（社区）区划代码",
      "服务内容：请至少写 4 个字",
    ]);
    expect(outreachEventProblems({ ...good, problemsSolved: 1.5 }, "2026-12-02")[0]!.path).toBe("problemsSolved");
  });
});

describe("the centre's area", () => {
  it("names the area of a city, a county and a province division; an unknown one is null", () => {
    expect(serviceAreaOf("330400")).toEqual({ prefix: "3304", name: "嘉兴市" });
    expect(serviceAreaOf("330402")).toEqual({ prefix: "330402", name: "南湖区" });
    expect(serviceAreaOf("330000")).toEqual({ prefix: "33", name: "浙江省" });
    expect(serviceAreaOf("999900")).toBeNull();
  });
  it("refuses a place outside the area, naming it; accepts one inside", () => {
    const jiaxing = serviceAreaOf("330400");
    expect(outreachEventProblems({ ...good, placeCode: "110101" }, "2026-12-02", jiaxing)).toEqual([{ path: "placeCode", message: "服务地点：须在嘉兴市范围内（北京市市辖区东城区不在本中心服务范围）" }]);
    expect(outreachEventProblems({ ...good, placeCode: "330102" }, "2026-12-02", jiaxing).map((p) => p.path)).toEqual(["placeCode"]);
    expect(outreachEventProblems(good, "2026-12-02", jiaxing)).toEqual([]);
    expect(outreachEventProblems({ ...good, placeCode: "110101" }, "2026-12-02")).toEqual([]);
  });
  it("refuses more than 10000 problems or 100000 people for one event", () => {
    expect(outreachEventProblems({ ...good, problemsSolved: 10_001, peopleServed: 100_001 }, "2026-12-02").map((p) => p.path)).toEqual(["problemsSolved", "peopleServed"]);
  });
});

describe("teams", () => {
  it("checks a team's name, brand and founding date, and each member", () => {
    expect(serviceTeamProblems({ name: "红盾服务队", brand: "红盾", foundedOn: "2013-05-01" }, "2026-12-02")).toEqual([]);
    expect(serviceTeamProblems({ name: "队", foundedOn: "2027-01-01" }, "2026-12-02").map((p) => p.path)).toEqual(["name", "foundedOn"]);
    expect(teamMemberProblems({ name: "王建", phone: "12345" }, "members.2")).toEqual([{ path: "members.2.phone", message: "队员电话：须为 11 位手机号或带区号的固定电话" }]);
  });
});
