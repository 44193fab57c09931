import { idNumberCheckChar } from "../validators/id-number.js";
import { orgCodeCheckChar, usccCheckChar } from "../validators/uscc.js";
import type { ApplicationData } from "./application.js";

/**
 * A complete, valid application for a standard new limited company in Jiaxing,
 * built deterministically from `seed`. Shared by tests, demo data and benchmarks.
 */
export function sampleApplication(seed = 1, today = "2026-11-27"): ApplicationData {
  const n = (k: number) => String((seed * 7919 + k * 104729) % 1000).padStart(3, "0");
  const id = (birth: string, k: number) => {
    const first17 = `330402${birth}${n(k)}`;
    return first17 + idNumberCheckChar(first17);
  };
  const founder = { name: "郭宇楠", id: id("19880416", 1), mobile: "13805731234" };
  const partner = { name: "张跃荣", id: id("19750302", 2), mobile: "13905738888" };
  const cfo = { name: "钱晓梅", id: id("19900921", 3), mobile: "13705730321" };
  const resident = "10";
  return {
    values: {
      name: `嘉兴一窗${["科技", "水产", "农业", "贸易", "信息"][seed % 5]}有限公司${seed > 1 ? `（第${seed}号）` : ""}`,
      dom_addr: { division: "330402", detail: `中环南路 ${100 + (seed % 800)} 号` },
      op_addr: { division: "330482", detail: `当湖街道胜利路 ${10 + (seed % 90)} 号` },
      tel: "0573-82345678",
      regcap: { amount: 100, currency: "CNY" },
      enttype: "1130",
      scope: "水产品养殖技术开发、技术咨询；水产品销售；农业信息咨询服务。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
      term: { kind: "indefinite" },
      lic_copies: 1,
      staff: 8,
      staff_foreign: 0,
      secret: false,
      email: "office@yichuang-demo.cn",
      industry: "0412",
      lr_name: founder.name,
      lr_pos: "410C",
      lr_mob: founder.mobile,
      lr_idtype: resident,
      lr_idno: founder.id,
      cfo_name: cfo.name,
      cfo_mob: cfo.mobile,
      cfo_idtype: resident,
      cfo_idno: cfo.id,
      ll_name: founder.name,
      ll_mob: founder.mobile,
      ll_idtype: resident,
      ll_idno: founder.id,
      bsr_name: cfo.name,
      bsr_mob: cfo.mobile,
      bsr_idtype: resident,
      bsr_idno: cfo.id,
      agent_name: founder.name,
      agent_mob: founder.mobile,
      agent_idtype: resident,
      agent_idno: founder.id,
      mandate_p1: "1",
      mandate_p2: "1",
      mandate_p3: "1",
      mandate_p4: "1",
      mandate_from: today,
      mandate_to: "2027-02-27",
      acct_std: "2",
    },
    rows: {
      dsj: [
        { dsj_name: founder.name, dsj_pos: "410C", dsj_idtype: resident, dsj_idno: founder.id },
        { dsj_name: partner.name, dsj_pos: "Y04", dsj_idtype: resident, dsj_idno: partner.id },
      ],
      sh: [
        { sh_name: founder.name, sh_idtype: resident, sh_idno: founder.id, sh_cdate: "2046-12-31", sh_cform: "1", sh_subcap: { amount: 60, currency: "CNY" } },
        { sh_name: partner.name, sh_idtype: resident, sh_idno: partner.id, sh_cdate: "2046-12-31", sh_cform: "1", sh_subcap: { amount: 40, currency: "CNY" } },
      ],
    },
    answers: {},
  };
}

/** A valid USCC made from a division and a seed, for corporate shareholders in tests. */
export function sampleUscc(division = "330402", seed = 1): string {
  const body = String(71000000 + seed).padStart(8, "0");
  const org = body + orgCodeCheckChar(body);
  const first17 = `91${division}${org}`;
  return first17 + usccCheckChar(first17);
}
