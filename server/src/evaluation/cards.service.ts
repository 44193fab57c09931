import { randomBytes, randomUUID } from "node:crypto";
import { formatCardCode, makeCardCode } from "@yichuang/core";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { audit } from "../audit/audit.service.js";
import { authorize } from "../identity/policy.js";
import { nextCounter } from "../registration/registration.repository.js";
import { chineseFont } from "../shared/pdf-font.js";
import { AppError } from "../shared/errors.js";
import { requireActor, type RequestContext } from "../shared/request-context.js";
import { nowIso } from "../platform/clock.js";
import type { EvaluationDeps } from "./deps.js";
import * as repo from "./evaluation.repository.js";

/** The address a card's QR code opens. */
export const cardUrl = (publicUrl: string, code: string) => `${publicUrl}/rate/card/${code}`;

/** Prints a new batch of supervision cards with unique codes (supervisors, admins). */
export async function createBatch(deps: EvaluationDeps, ctx: RequestContext, input: { size: number; note?: string | null }) {
  const actor = requireActor(ctx);
  authorize(actor, "cards.manage");
  const at = nowIso();
  const id = randomUUID();
  let number = "";
  await deps.db.transaction().execute(async (trx) => {
    const n = await nextCounter(trx, `card-batch-${at.slice(0, 4)}`);
    number = `JDK${at.slice(0, 4)}-${String(n).padStart(3, "0")}`;
    await trx.insertInto("card_batches").values({ id, number, size: input.size, note: input.note?.trim() || null, created_by: actor.userId, created_at: at }).execute();
    const codes = new Set<string>();
    while (codes.size < input.size) codes.add(makeCardCode(randomBytes(11)));
    const rows = [...codes].map((code, i) => ({ id: randomUUID(), code, batch_id: id, seq: i + 1, transaction_id: null, bound_at: null, bound_by: null, used_at: null, created_at: at }));
    for (let i = 0; i < rows.length; i += 100) await trx.insertInto("supervision_cards").values(rows.slice(i, i + 100)).execute();
    await audit(trx, ctx, { action: "cards.create", entity: "card_batch", entityId: id, detail: { size: input.size } });
  });
  return { id, number, size: input.size };
}

/** Batches with how many cards were handed out and used. */
export async function listBatches(deps: EvaluationDeps, ctx: RequestContext) {
  authorize(requireActor(ctx), "cards.manage");
  return (await repo.listBatches(deps.db)).map((b) => ({ id: b.id, number: b.number, size: b.size, note: b.note, createdAt: b.created_at, createdBy: b.created_by_name, bound: Number(b.bound ?? 0), used: Number(b.used ?? 0) }));
}

/** Draws a QR code as vector squares (sharp at any print size). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save().fillColor("#000");
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill().restore();
}

/**
 * The batch as a printable A4 PDF: 8 cards per page (2 × 4, 85 × 54 mm like a bank
 * card, with cut marks), each with its code in groups of four and a QR code that opens
 * its online evaluation page.
 */
export async function batchPdf(deps: EvaluationDeps, ctx: RequestContext, batchId: string): Promise<{ number: string; pdf: Buffer }> {
  authorize(requireActor(ctx), "cards.manage");
  const batch = await deps.db.selectFrom("card_batches").selectAll().where("id", "=", batchId).executeTakeFirst();
  if (!batch) throw AppError.notFound("监督卡批次");
  const cards = await repo.cardsOfBatch(deps.db, batchId);
  const centre = await deps.db.selectFrom("centres").select("name_zh").where("kind", "=", "approval").orderBy("code").executeTakeFirst();
  const mm = 72 / 25.4;
  const doc = new PDFDocument({ size: "A4", margin: 0, info: { Title: `服务监督卡 ${batch.number}`, Creator: "一窗 Yichuang" } });
  doc.registerFont("zh", chineseFont());
  doc.font("zh");
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const w = 85 * mm;
  const h = 54 * mm;
  const left = (doc.page.width - 2 * w) / 2;
  const top = (doc.page.height - 4 * h) / 2;
  cards.forEach((card, i) => {
    const slot = i % 8;
    if (i > 0 && slot === 0) doc.addPage();
    const x = left + (slot % 2) * w;
    const y = top + Math.floor(slot / 2) * h;
    doc.lineWidth(0.3).strokeColor("#999").dash(2, { space: 2 }).rect(x, y, w, h).stroke().undash();
    doc.fillColor("#b22222").fontSize(13).text("服务监督卡", x + 10, y + 9, { width: w - 20 });
    doc.fillColor("#333").fontSize(7).text(centre?.name_zh ?? "", x + 10, y + 27, { width: w - 90 });
    doc.fillColor("#000").fontSize(7.5).text("请扫描二维码或登录网上评价专栏，输入卡号，对本次办事服务进行评价。非常满意、满意、基本满意、不满意、非常不满意，一次一评。", x + 10, y + 42, { width: w - 92, lineGap: 1 });
    doc.fontSize(6.5).fillColor("#333").text(`网上评价：${deps.config.publicUrl}/rate/card`, x + 10, y + h - 48, { width: w - 90 });
    doc.fillColor("#000").fontSize(10).text(`卡号 ${formatCardCode(card.code)}`, x + 10, y + h - 36, { width: w - 90 });
    doc.fontSize(6).fillColor("#555").text(`${batch.number} · ${String(card.seq).padStart(4, "0")}`, x + 10, y + h - 20, { width: w - 90 });
    drawQr(doc, cardUrl(deps.config.publicUrl, card.code), x + w - 78, y + 12, 68);
    doc.fontSize(5.5).fillColor("#555").text("扫码评价", x + w - 78, y + 80, { width: 68, align: "center" });
    doc.fillColor("#000");
  });
  doc.end();
  await audit(deps.db, ctx, { action: "cards.print", entity: "card_batch", entityId: batchId });
  return { number: batch.number, pdf: await done };
}
