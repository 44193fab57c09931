/** The longest side a photo is sent at: enough to read a sign on site, far below a camera's 10 MB. */
export const PHOTO_MAX_SIDE = 2560;
/** Photos at most this big and this wide are sent as taken. */
const SEND_AS_IS_BYTES = 2 * 1024 * 1024;

/**
 * A phone photo made fit to send: scaled (canvas) to {@link PHOTO_MAX_SIDE} on its longest side and
 * re-encoded as JPEG; a small photo, or one the browser cannot decode, is sent as it is. The same
 * photo gives the same bytes again, so a retried upload is recognised by the server as the one kept.
 */
export async function fitPhoto(file: File, maxSide = PHOTO_MAX_SIDE): Promise<File> {
  if (typeof createImageBitmap !== "function" || !/^image\/(jpeg|png)$/.test(file.type)) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return file;
  }
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= SEND_AS_IS_BYTES) return file;
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const ctx = canvas.getContext("2d");
    if (!ctx) return file;
    // JPEG has no transparency: a PNG's clear parts become white, not black.
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], `${file.name.replace(/\.[^.]+$/, "")}.jpg`, { type: "image/jpeg" });
  } finally {
    bitmap.close();
  }
}
