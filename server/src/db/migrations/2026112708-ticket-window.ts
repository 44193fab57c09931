import { sql, type Kysely } from "kysely";

/**
 * A rectification ticket names the window of its review: the quarter close counts follow-up
 * steps per clerk and per window without looking up each ticket's rating among millions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("rectification_tickets").addColumn("window_id", "text").execute();
  await sql`UPDATE rectification_tickets SET window_id = (SELECT e.window_id FROM evaluations e WHERE e.id = rectification_tickets.evaluation_id)`.execute(db);
  await db.schema.createIndex("rectification_verify_due_idx").on("rectification_tickets").column("verify_due").execute();
  await db.schema.createIndex("rectification_fix_due_idx").on("rectification_tickets").column("fix_due").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("rectification_fix_due_idx").execute();
  await db.schema.dropIndex("rectification_verify_due_idx").execute();
  await db.schema.alterTable("rectification_tickets").dropColumn("window_id").execute();
}
