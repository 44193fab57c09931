// The baseline of the ratings benchmark: Fastify with one route that inserts the same
// evaluation row with one prepared statement, and nothing else (no session, no checks).
// SQLite (BARE_SQLITE_FILE, WAL like the product) or PostgreSQL (BARE_DATABASE_URL).
import { randomUUID } from "node:crypto";
import Fastify from "fastify";

const COLUMNS = ["id", "target", "transaction_id", "case_id", "case_key", "channel", "level", "reasons", "comment", "service_code", "window_id", "clerk_id", "department_id", "citizen_user_id", "device_id", "card_id", "client_id", "status", "answered_at", "created_at", "created_date"];
const DDL = `create table if not exists bare_evaluations (${COLUMNS.map((c) => `${c} ${c === "level" ? "integer" : "text"}`).join(", ")}, primary key (id))`;

let insert;
if (process.env.BARE_DATABASE_URL) {
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 });
  await pool.query(DDL);
  await pool.query("create unique index if not exists bare_evaluations_tx on bare_evaluations (transaction_id)");
  const text = `insert into bare_evaluations (${COLUMNS.join(", ")}) values (${COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})`;
  insert = (values) => pool.query({ name: "bare-insert", text, values });
} else {
  const SQLite = (await import("better-sqlite3")).default;
  const db = new SQLite(process.env.BARE_SQLITE_FILE);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(DDL);
  db.exec("create unique index if not exists bare_evaluations_tx on bare_evaluations (transaction_id)");
  const stmt = db.prepare(`insert into bare_evaluations (${COLUMNS.join(", ")}) values (${COLUMNS.map(() => "?").join(", ")})`);
  insert = async (values) => stmt.run(values);
}

const app = Fastify({ logger: false });
app.post("/ratings", async (req, reply) => {
  const b = req.body;
  const now = new Date().toISOString();
  const id = randomUUID();
  await insert([id, "transaction", b.transactionId, null, null, "evaluator", b.level, "[]", b.comment ?? null, "AMR-ZX", "w", "c", "d", null, "dev", null, b.clientId, "valid", now, now, now.slice(0, 10)]);
  return reply.status(201).send({ id, replayed: false });
});
app.get("/readyz", async () => ({ status: "ready" }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
process.once("SIGTERM", () => app.close().then(() => process.exit(0)));
