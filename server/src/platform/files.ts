import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Content types accepted for materials, recognised by their first bytes, not by what the client claims. */
export const MATERIAL_TYPES = {
  "application/pdf": { ext: "pdf", magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  "image/png": { ext: "png", magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  "image/jpeg": { ext: "jpg", magic: [0xff, 0xd8, 0xff] },
} as const;

/** One accepted content type. */
export type MaterialType = keyof typeof MATERIAL_TYPES;

/** The content type the bytes really have, or null when not PDF, PNG or JPEG. */
export function sniffType(bytes: Buffer): MaterialType | null {
  for (const [type, { magic }] of Object.entries(MATERIAL_TYPES)) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type as MaterialType;
  }
  return null;
}

/** Files on disk under DATA_DIR/files, by SHA-256: the same file uploaded twice is stored once. */
export class FileStore {
  constructor(private readonly dir: string) {}

  /** Stores bytes and returns their hash. */
  save(bytes: Buffer): string {
    const sha = createHash("sha256").update(bytes).digest("hex");
    const file = this.pathOf(sha);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, file);
    }
    return sha;
  }

  /** The bytes stored under a hash. */
  read(sha: string): Buffer {
    return fs.readFileSync(this.pathOf(sha));
  }

  private pathOf(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error("bad file key");
    return path.join(this.dir, sha.slice(0, 2), sha);
  }
}
