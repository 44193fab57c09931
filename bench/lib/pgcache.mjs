// A benchmark's generated PostgreSQL database, kept between runs: named by the benchmark, stamped in
// its bench_meta table with how it was generated, dropped and created again when the stamp's marker is
// not the generator's (or --regenerate).
import pg from "pg";

/**
 * The cached database `name` beside `pgBase`: `{ url, generation }` with the stored generation when its
 * marker is `marker`, else `{ url, generation: null }` with the database dropped and created empty.
 */
export async function cachedDatabase(pgBase, name, marker, regenerate) {
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: pgBase });
  await admin.connect();
  try {
    const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount > 0;
    if (exists && !regenerate) {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      const stamp = await c.query("SELECT value FROM bench_meta WHERE key = 'generation'").catch(() => ({ rows: [] }));
      await c.end();
      const generation = stamp.rows[0] ? JSON.parse(stamp.rows[0].value) : null;
      if (generation?.marker === marker) return { url: url.toString(), generation };
    }
    if (exists) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return { url: url.toString(), generation: null };
}

/** Stamps the database `c` is connected to with how it was generated. */
export async function recordGeneration(c, generation) {
  await c.query("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)");
  await c.query("INSERT INTO bench_meta (key, value) VALUES ('generation', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [JSON.stringify(generation)]);
}
