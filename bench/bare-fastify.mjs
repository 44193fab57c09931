// The baseline of the HTTP benchmarks: Fastify with bare routes and nothing else.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/", async () => ({ id: "00000000-0000-4000-8000-000000000000", username: "bare" }));
// A list as the product's lists answer: 20 items of a few fields each.
const items = Array.from({ length: 20 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, number: `2026-${String(i).padStart(6, "0")}`, status: "open", name: "嘉兴市南湖区农户", createdAt: "2026-12-07T08:00:00.000Z" }));
app.get("/list", async () => ({ total: 20, items }));
app.get("/readyz", async () => ({ status: "ready" }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
process.once("SIGTERM", () => app.close().then(() => process.exit(0)));
