// The baseline of the HTTP benchmark: Fastify with one route and nothing else.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/", async () => ({ id: "00000000-0000-4000-8000-000000000000", username: "bare" }));
app.get("/readyz", async () => ({ status: "ready" }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
process.once("SIGTERM", () => app.close().then(() => process.exit(0)));
