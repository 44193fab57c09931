import { sampleApplication } from "@yichuang/core";
import { expect } from "vitest";
import type { Client, TestApp } from "./harness.js";

/** The smallest file the upload takes as a PDF. */
export const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** A multipart body with a materialCode field and one file. */
export function multipart(materialCode: string, fileName: string, bytes: Buffer, type = "application/pdf") {
  const boundary = "----yc" + Math.random().toString(16).slice(2);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="materialCode"\r\n\r\n${materialCode}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads one material of an application as its founder. */
export async function upload(c: Client, applicationId: string, code: string, bytes = PDF, name = `${code}.pdf`, type?: string) {
  const m = multipart(code, name, bytes, type);
  return c.inject({ method: "POST", url: `/api/applications/${applicationId}/materials`, payload: m.payload, headers: m.headers });
}

/** A submitted application of the demo founder with its materials; returns the case. */
export async function submittedCase(t: TestApp, materials = ["M02", "M03", "M04", "M05", "M06", "M07"]) {
  const founder = await t.login("founder");
  const draft = (await founder.post("/api/applications", { serviceItem: "QY-SL-LLC" })).json();
  for (const code of materials) expect((await upload(founder, draft.id, code)).statusCode).toBe(201);
  expect((await founder.post(`/api/applications/${draft.id}/submit`, { data: sampleApplication(), revision: 1 })).statusCode).toBe(200);
  const mine = (await founder.get("/api/cases/mine")).json();
  const kase = mine.find((c: { applicationId: string }) => c.applicationId === draft.id);
  return { founder, draft, kase };
}
