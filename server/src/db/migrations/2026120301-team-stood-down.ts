import { sql, type Kysely } from "kysely";

/**
 * - `service_teams.stood_down_at`: when a team left the register. "On the register during a period"
 *   is created before its end and active or stood down after its start; `updated_at` moves with any
 *   edit, so it cannot say when. Teams already stood down take their last change as the best known time.
 * - `outreach_event_photos (event_id, sha256)` unique: the same photo sent again (a retried upload
 *   from any phone) is the photo already kept, never a second copy. Copies kept before are dropped
 *   (the bytes are stored once by their hash; only the extra rows go).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("service_teams").addColumn("stood_down_at", "text").execute();
  await sql`UPDATE service_teams SET stood_down_at = updated_at WHERE active = 0`.execute(db);
  await db.schema.createIndex("service_teams_register_idx").on("service_teams").columns(["department_id", "created_at", "stood_down_at"]).execute();

  await sql`DELETE FROM outreach_event_photos WHERE id IN (
    SELECT p.id FROM outreach_event_photos p WHERE EXISTS (
      SELECT 1 FROM outreach_event_photos q WHERE q.event_id = p.event_id AND q.sha256 = p.sha256 AND (q.uploaded_at < p.uploaded_at OR (q.uploaded_at = p.uploaded_at AND q.id < p.id))))`.execute(db);
  await db.schema.createIndex("outreach_event_photos_sha_idx").on("outreach_event_photos").columns(["event_id", "sha256"]).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("outreach_event_photos_sha_idx").execute();
  await db.schema.dropIndex("service_teams_register_idx").execute();
  await db.schema.alterTable("service_teams").dropColumn("stood_down_at").execute();
}
