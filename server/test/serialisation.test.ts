import Fastify from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fastSerializerCompiler, installKeptSerialisation, markKept } from "../src/shared/http.js";

// A kept body (platform/read-cache.ts) is serialised once; a route's response schema still decides
// what it sends, and drops what it does not list.
describe("serialising answers", () => {
  it("a response schema drops unlisted fields, kept or not; a kept body's text is made once per route", async () => {
    const app = Fastify();
    app.setSerializerCompiler(fastSerializerCompiler);
    installKeptSerialisation(app);
    const kept = markKept({ id: "a", secret: "x" });
    let fresh = 0;
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/schema", { schema: { response: { 200: z.object({ id: z.string() }) } } }, async () => kept);
    r.get("/schema-fresh", { schema: { response: { 200: z.object({ id: z.string() }) } } }, async () => ({ id: "b", secret: "y" }));
    r.get("/plain", async () => kept);
    r.get("/plain-fresh", async () => ({ n: ++fresh }));
    await app.ready();
    expect((await app.inject("/schema")).body).toBe('{"id":"a"}');
    expect((await app.inject("/schema-fresh")).body).toBe('{"id":"b"}');
    expect((await app.inject("/plain")).body).toBe('{"id":"a","secret":"x"}');
    // Remembered by identity: a kept body changed afterwards (which nobody does) would still show its first text.
    (kept as { id: string }).id = "changed";
    expect((await app.inject("/plain")).body).toBe('{"id":"a","secret":"x"}');
    expect((await app.inject("/schema")).body).toBe('{"id":"a"}');
    // Bodies that are not kept are serialised each time.
    expect((await app.inject("/plain-fresh")).body).toBe('{"n":1}');
    expect((await app.inject("/plain-fresh")).body).toBe('{"n":2}');
    await app.close();
  });
});
