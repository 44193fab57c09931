import { describe, expect, it } from "vitest";
import { GUIDES, guideSchema, guideTimeLimits } from "./guide.js";
import { JIAXING_FORMS } from "./jiaxing-forms.js";

describe("service guides", () => {
  const guide = GUIDES[0]!;

  it("covers every department of the one form, with promised limits inside the legal ones", () => {
    expect(guide.departments.map((d) => d.department)).toEqual(JIAXING_FORMS.map((f) => f.department));
    for (const d of guide.departments) expect(d.promisedDays).toBeLessThanOrEqual(d.legalDays);
  });

  it("promises 2 working days in parallel where the legal limits, one after the other, add up to far more", () => {
    expect(guideTimeLimits(guide)).toEqual({ promisedDays: 2, legalDays: 30, sequentialLegalDays: 95 });
  });

  it("refuses a guide of the wrong shape with the path named", () => {
    const r = guideSchema.safeParse({ ...guide, materials: [{ ...guide.materials[0]!, form: "scan" }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["materials", 0, "form"]);
  });
});
