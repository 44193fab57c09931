import { randomUUID } from "node:crypto";
import { searchPlaces } from "@yichuang/core";
import type { Database } from "../db/database.js";
import { insertConsent, saveSubscriber } from "../sms/subscribers.repository.js";
import { seededRandom } from "../testing/random.js";
import { nowIso } from "../platform/clock.js";

/** Towns of the demo's subscribers: 南湖区 新丰镇, 凤桥镇, 大桥镇; 嘉善县 姚庄镇; 平湖市 新埭镇. */
const TOWNS = ["330402103", "330402100", "330402105", "330421111", "330482102"];
const SURNAMES = "沈朱吴钱陆顾张王李周徐孙金姚";
const GIVEN = ["阿根", "美英", "建国", "小妹", "阿大", "国强", "桂英", "伟明", "红霞", "志刚", "雪芳", "海林", "春燕", "永林", "秀珍", "卫东"];
const PRODUCTS = [["加州鲈", "水产"], ["南美白对虾", "水产"], ["湖羊"], ["水稻"], ["葡萄"], ["草莓"], ["甲鱼", "水产"], ["生猪"]];
const ROLES = ["farmer", "farmer", "buyer", "coop"] as const;

/**
 * The demo's SMS subscribers (generated, seed 12316): 60 farmers, buyers and co-operatives in five
 * towns of Jiaxing, each with products and a paper consent recorded by the operator. Phones are in
 * a demo range (1395731xxxx).
 */
export async function seedSmsDemo(db: Database): Promise<number> {
  const rnd = seededRandom(12316);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const operator = await db.selectFrom("users").select("id").where("username", "=", "operator").executeTakeFirstOrThrow();
  const villages = TOWNS.flatMap((town) => searchPlaces("村", { within: town, limit: 12 }).filter((p) => p.level === "village"));
  const at = nowIso();
  let n = 0;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < 60; i++) {
      const tags = [...new Set([...pick(PRODUCTS), ...(rnd() < 0.3 ? pick(PRODUCTS) : [])])];
      const id = randomUUID();
      await saveSubscriber(
        trx,
        { id, phone: `1395731${String(1000 + i).padStart(4, "0")}`, name: `${pick([...SURNAMES])}${pick(GIVEN)}`, village_code: pick(villages).code, role: pick(ROLES), tags: JSON.stringify(tags), created_by: operator.id, created_at: at, updated_at: at },
        true,
      );
      await insertConsent(trx, { id: randomUUID(), subscriber_id: id, given_at: at, method: "paper", recorded_by: operator.id, note: "演示数据：村委会登记表", created_at: at });
      n++;
    }
  });
  return n;
}
