import { hash, verify } from "@node-rs/argon2";

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane). */
const PARAMS = { algorithm: 2 /* Algorithm.Argon2id; a const enum */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

/** True when `password` matches `hash`; false for a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the time of one verification so an unknown username is not faster than a wrong password. */
export async function verifyDummy(password: string): Promise<void> {
  dummy ??= hashPassword("unused-dummy-password-Yc1!");
  await verifyPassword(await dummy, password);
}
