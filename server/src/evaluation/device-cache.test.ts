import { describe, expect, it } from "vitest";
import { DeviceCache, type Device } from "./devices.service.js";

const device = { id: "d1", window_id: "w1" } as Device;

describe("DeviceCache", () => {
  it("looks a token up once for every request arriving while it loads, then serves it until it expires", async () => {
    const cache = new DeviceCache(50);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return device;
    };
    const all = await Promise.all(Array.from({ length: 50 }, () => cache.resolve("h", load)));
    expect(all.every((d) => d === device)).toBe(true);
    expect(loads).toBe(1);
    await cache.resolve("h", load);
    expect(loads).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    await cache.resolve("h", load);
    expect(loads).toBe(2);
  });

  it("forgets a revoked device at once, and never remembers an unknown token", async () => {
    const cache = new DeviceCache(10_000);
    let loads = 0;
    await cache.resolve("h", async () => (loads++, device));
    cache.dropDevice("d1");
    await cache.resolve("h", async () => (loads++, device));
    expect(loads).toBe(2);
    let unknown = 0;
    expect(await cache.resolve("x", async () => (unknown++, null))).toBeNull();
    expect(await cache.resolve("x", async () => (unknown++, null))).toBeNull();
    expect(unknown).toBe(2);
  });
});
