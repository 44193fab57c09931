import { sql, type Kysely } from "kysely";

/**
 * Guessed secrets get budgets of their own (issue 17: lock-out that protects without locking out).
 * - `login_attempts.kind`: `login`, `evaluator.pairing` or `hotline.lookup`; each kind is counted
 *   apart, so wrong pairing codes and 12316 look-ups never spend the login budget. `username`
 *   becomes `subject` (what is tried: a username, a ticket number; '' when nothing is named).
 *   Rows written before keep their meaning: the old markers become their kinds.
 * - Indexes for the three counts (per address, per subject and per subject and address) and for pruning.
 * - Accounts locked under the old rule (five wrong passwords from anywhere) are unlocked: that lock
 *   was the weapon; the new one needs a hundred failures.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("login_attempts").addColumn("kind", "text", (c) => c.notNull().defaultTo("login")).execute();
  await db.schema.alterTable("login_attempts").renameColumn("username", "subject").execute();
  await sql`UPDATE login_attempts SET kind = 'evaluator.pairing', subject = '' WHERE subject = '(evaluator pairing)'`.execute(db);
  await sql`UPDATE login_attempts SET kind = 'hotline.lookup', subject = substr(subject, 18) WHERE subject LIKE '(12316 progress) %'`.execute(db);
  await db.schema.dropIndex("login_attempts_ip_at_idx").execute();
  await db.schema.createIndex("login_attempts_kind_ip_at_idx").on("login_attempts").columns(["kind", "ip", "at"]).execute();
  await db.schema.createIndex("login_attempts_kind_subject_at_idx").on("login_attempts").columns(["kind", "subject", "at"]).execute();
  await db.schema.createIndex("login_attempts_at_idx").on("login_attempts").column("at").execute();
  await sql`UPDATE users SET locked_until = NULL, failed_logins = 0 WHERE locked_until IS NOT NULL OR failed_logins <> 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("login_attempts_at_idx").execute();
  await db.schema.dropIndex("login_attempts_kind_subject_at_idx").execute();
  await db.schema.dropIndex("login_attempts_kind_ip_at_idx").execute();
  await sql`UPDATE login_attempts SET subject = '(evaluator pairing)' WHERE kind = 'evaluator.pairing'`.execute(db);
  await sql`UPDATE login_attempts SET subject = '(12316 progress) ' || subject WHERE kind = 'hotline.lookup'`.execute(db);
  await db.schema.alterTable("login_attempts").renameColumn("subject", "username").execute();
  await db.schema.alterTable("login_attempts").dropColumn("kind").execute();
  await db.schema.createIndex("login_attempts_ip_at_idx").on("login_attempts").columns(["ip", "at"]).execute();
}
