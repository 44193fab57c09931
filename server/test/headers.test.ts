import fs from "node:fs";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { precompressDir } from "../../web/build/precompress.js";
import os from "node:os";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { PDF, upload } from "./helpers/cases.js";
import { startTestApp, type TestApp } from "./helpers/harness.js";

/** The entry page as Vite builds it with html.cspNonce (web/vite.config.ts): the placeholder on every tag. */
const INDEX_HTML = `<!doctype html><html><head>
<meta property="csp-nonce" nonce="__YC_CSP_NONCE__">
<script type="module" crossorigin src="/assets/index.js" nonce="__YC_CSP_NONCE__"></script>
<link rel="stylesheet" crossorigin href="/assets/index.css" nonce="__YC_CSP_NONCE__">
</head><body><div id="root"></div></body></html>`;
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");
const page = { accept: "text/html,application/xhtml+xml" };

let t: TestApp;
let webDist: string;
let precompressed: string[];
const BUNDLE = Array.from({ length: 400 }, (_, i) => `export const 函数${i} = () => "一窗 ${i}";`).join("\n");
beforeAll(async () => {
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), "yc-web-"));
  fs.writeFileSync(path.join(webDist, "index.html"), INDEX_HTML);
  fs.mkdirSync(path.join(webDist, "assets"));
  fs.writeFileSync(path.join(webDist, "assets", "index.js"), "export {};\n");
  // A hashed bundle as the build leaves it: compressed beside itself (web/build/precompress.ts).
  fs.writeFileSync(path.join(webDist, "assets", "app-Ab12Cd34.js"), BUNDLE);
  fs.writeFileSync(path.join(webDist, "robots.txt"), "User-agent: *\n");
  precompressed = precompressDir(webDist);
  t = await startTestApp({ WEB_DIST: webDist });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(webDist, { recursive: true, force: true });
});

/** The Content-Security-Policy of a response, directive → sources. */
function csp(res: LightMyRequestResponse): Record<string, string[]> {
  const header = String(res.headers["content-security-policy"] ?? "");
  return Object.fromEntries(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** The style nonce a response's policy admits. */
const nonceOf = (res: LightMyRequestResponse) => /^'nonce-(.+)'$/.exec(csp(res)["style-src"]?.find((s) => s.startsWith("'nonce-")) ?? "")?.[1];

/** The headers every answer carries, whatever it is. */
function expectSecurityHeaders(res: LightMyRequestResponse) {
  const policy = csp(res);
  expect(policy).toMatchObject({
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  });
  expect(policy["style-src"]?.[0]).toBe("'self'");
  // No inline <style> but by the nonce (or, on /docs, a hash), no inline script, no eval; style attributes only.
  expect(policy["style-src"]).not.toContain("'unsafe-inline'");
  expect(policy["script-src-attr"]).toEqual(["'none'"]);
  expect(policy["style-src-attr"]).toEqual(["'unsafe-inline'"]);
  expect(Object.values(policy).flat()).not.toContain("'unsafe-eval'");
  expect(res.headers["x-frame-options"]).toBe("DENY");
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  expect(res.headers["referrer-policy"]).toBe("same-origin");
  // Plain HTTP (COOKIE_SECURE=false): no HSTS, no upgrade of requests.
  expect(res.headers["strict-transport-security"]).toBeUndefined();
  expect(policy).not.toHaveProperty("upgrade-insecure-requests");
}

describe("security headers", () => {
  it("on an API answer, a refused one too, and without a Content-Disposition", async () => {
    const anonymous = t.anonymous();
    const health = await anonymous.get("/healthz");
    expect(health.statusCode).toBe(200);
    expectSecurityHeaders(health);
    const refused = await anonymous.get("/api/admin/users");
    expect(refused.statusCode).toBe(401);
    expectSecurityHeaders(refused);
    expect(refused.headers["content-disposition"]).toBeUndefined();
    const unknown = await anonymous.get("/api/does/not/exist");
    expect(unknown.statusCode).toBe(404);
    expectSecurityHeaders(unknown);
  });

  it("on the entry page: a fresh style nonce per answer, the same in the policy, the meta and every tag, never stored", async () => {
    const first = await t.anonymous().get("/", page);
    const second = await t.anonymous().get("/", page);
    for (const res of [first, second]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.headers["cache-control"]).toBe("no-store");
      expectSecurityHeaders(res);
      const nonce = nonceOf(res);
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(res.body).not.toContain("__YC_CSP_NONCE__");
      expect(res.body).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
      expect(res.body.match(/nonce="([^"]*)"/g)).toEqual(Array(3).fill(`nonce="${nonce}"`));
    }
    expect(nonceOf(first)).not.toBe(nonceOf(second));
  });

  it("on the app's other pages (served by the not-found handler) alike; the file on disk is never served", async () => {
    const res = await t.anonymous().get("/hotline/tickets/123", page);
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res);
    expect(res.body).toContain(`<meta property="csp-nonce" nonce="${nonceOf(res)}">`);
    expect(res.body).not.toContain("__YC_CSP_NONCE__");
    const raw = await t.anonymous().get("/index.html", page);
    expect(raw.statusCode).toBe(404);
    expect(raw.body).not.toContain("__YC_CSP_NONCE__");
  });

  it("on the page's scripts: the policy and nosniff, no Content-Disposition", async () => {
    const res = await t.anonymous().get("/assets/index.js");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/javascript/);
    expectSecurityHeaders(res);
    expect(res.headers["content-disposition"]).toBeUndefined();
  });

  it("hashed bundles: Brotli or gzip made at build time as the browser accepts, kept a year; other files revalidated", async () => {
    // Only files worth it: not the entry page (sent per request with its nonce), not a file under 1 kB.
    expect(precompressed.map((f) => path.relative(webDist, f)).sort()).toEqual([path.join("assets", "app-Ab12Cd34.js.br"), path.join("assets", "app-Ab12Cd34.js.gz")]);
    const get = (encoding?: string) => t.app.inject({ method: "GET", url: "/assets/app-Ab12Cd34.js", headers: encoding === undefined ? {} : { "accept-encoding": encoding } });
    const br = await get("gzip, deflate, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BUNDLE);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(BUNDLE) / 4);
    const gz = await get("gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(BUNDLE);
    const plain = await get();
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(BUNDLE);
    for (const res of [br, gz, plain]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/javascript/);
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expectSecurityHeaders(res);
    }
    const robots = await t.anonymous().get("/robots.txt");
    expect(robots.headers["cache-control"]).toBe("no-cache");
    // The entry page is never stored: a repeat visit fetches it (and only it) again.
    expect((await t.anonymous().get("/", page)).headers["cache-control"]).toBe("no-store");
  });

  it("on /docs: the same policy, plus the hash of Swagger UI's logo style", async () => {
    const res = await t.anonymous().get("/docs/");
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res);
    expect(csp(res)["style-src"]).toEqual(["'self'", expect.stringMatching(/^'sha256-[A-Za-z0-9+/]{43}='$/)]);
  });

  it("on an uploaded material: nosniff and an inline Content-Disposition with its name", async () => {
    const founder = await t.login("founder");
    const draft = (await founder.post("/api/applications", { serviceItem: "QY-SL-LLC" })).json();
    expect((await upload(founder, draft.id, "M02", PDF, "章程.pdf")).statusCode).toBe(201);
    const [material] = (await founder.get(`/api/applications/${draft.id}/materials`)).json();
    const res = await founder.get(`/api/materials/${material.id}/file`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toBe(`inline; filename*=UTF-8''${encodeURIComponent("章程.pdf")}`);
    expectSecurityHeaders(res);
  });

  it("on a staff photo, whose route names no disposition: nosniff and an inline Content-Disposition", async () => {
    const admin = await t.login("admin");
    const clerk = await t.db.selectFrom("users").select("id").where("username", "=", "clerk").executeTakeFirstOrThrow();
    const put = await admin.inject({ method: "PUT", url: `/api/admin/users/${clerk.id}/photo`, payload: PNG, headers: { "content-type": "image/png" } });
    expect(put.statusCode).toBe(200);
    const res = await t.anonymous().get(`/api/staff/${clerk.id}/photo`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("image/png");
    expect(res.headers["content-disposition"]).toBe("inline");
    expectSecurityHeaders(res);
  });

  it("on generated files: their own disposition is kept", async () => {
    const supervisor = await t.login("supervisor");
    const workbook = await supervisor.get("/api/sms/subscribers/export.xlsx");
    expect(workbook.statusCode).toBe(200);
    expect(workbook.headers["content-disposition"]).toBe('attachment; filename="sms-subscribers.xlsx"');
    expectSecurityHeaders(workbook);
    const calendar = await t.anonymous().get("/calendar.ics");
    expect(calendar.statusCode).toBe(200);
    expect(calendar.headers["content-disposition"]).toBe('inline; filename="yichuang-calendar.ics"');
    expectSecurityHeaders(calendar);
  });
});

describe("security headers over HTTPS (COOKIE_SECURE=true)", () => {
  it("add HSTS and upgrade-insecure-requests; the rest is unchanged", async () => {
    const config = { ...t.tdb.config, session: { ...t.tdb.config.session, cookieSecure: true } };
    const app = await buildApp({ config, db: t.db, logger: false });
    try {
      for (const res of [await app.inject({ method: "GET", url: "/healthz" }), await app.inject({ method: "GET", url: "/", headers: page })]) {
        expect(res.statusCode).toBe(200);
        expect(res.headers["strict-transport-security"]).toBe("max-age=15552000; includeSubDomains");
        expect(csp(res)).toHaveProperty("upgrade-insecure-requests");
        expect(csp(res)["frame-ancestors"]).toEqual(["'none'"]);
        expect(res.headers["x-content-type-options"]).toBe("nosniff");
      }
    } finally {
      await app.close();
    }
  });
});
