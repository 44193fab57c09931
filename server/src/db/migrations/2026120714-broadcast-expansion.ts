import type { Kysely } from "kysely";

/**
 * A broadcast's recipients written in chunks (issue 18: on the embedded SQLite no request waits long
 * behind another's work; approving 200,000 recipients in one statement held every other request for
 * 4.7 s). `expanding` is 1 from the approval until every recipient has its outbox row;
 * `expanded_after` is the last phone written (the chunks go in phone order), so a restart resumes
 * where the last committed chunk ended. PostgreSQL still writes them in the approval's transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("sms_broadcasts").addColumn("expanding", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("sms_broadcasts").addColumn("expanded_after", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("sms_broadcasts").dropColumn("expanded_after").execute();
  await db.schema.alterTable("sms_broadcasts").dropColumn("expanding").execute();
}
