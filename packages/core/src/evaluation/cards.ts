/**
 * Supervision card codes (服务监督卡): 12 characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L), the last a check character (ISO 7064 MOD 31-style, over the alphabet's
 * 31 symbols), so a mistyped code is caught before it reaches the database.
 * 11 random symbols ≈ 54 bits: a code cannot be guessed.
 */
export const CARD_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; // 31 symbols
const N = CARD_ALPHABET.length;

function checkChar(body: string): string {
  // Weighted sum with weights 1..n over the symbol values, mod 31: catches every
  // single substitution and every adjacent transposition (31 is prime).
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * CARD_ALPHABET.indexOf(body[i]!);
  return CARD_ALPHABET[sum % N]!;
}

/** A new card code from 11 random bytes (pass crypto random bytes). */
export function makeCardCode(random: Uint8Array): string {
  if (random.length < 11) throw new Error("makeCardCode needs 11 random bytes");
  let body = "";
  for (let i = 0; i < 11; i++) body += CARD_ALPHABET[random[i]! % N];
  return body + checkChar(body);
}

/** Normalises what a person typed (spaces, dashes, lower case) to the stored form. */
export function normaliseCardCode(input: string): string {
  return input.replace(/[\s-]/g, "").toUpperCase();
}

/** True when `code` (normalised) has the right length, alphabet and check character. */
export function isValidCardCode(code: string): boolean {
  if (!/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/.test(code)) return false;
  return checkChar(code.slice(0, 11)) === code[11];
}

/** A code printed in groups of four for reading aloud: ABCD-EFGH-JKMN. */
export function formatCardCode(code: string): string {
  return code.match(/.{1,4}/g)!.join("-");
}
