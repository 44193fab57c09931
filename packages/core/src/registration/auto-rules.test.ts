import { describe, expect, it } from "vitest";
import { autoApproves } from "./auto-rules.js";
import { sampleApplication } from "./sample.js";

describe("auto-approval rules", () => {
  it("approve the standard sample company, and only with a rule switched on", () => {
    const d = sampleApplication();
    expect(autoApproves(["industry-valid"], d)).toBe(true);
    expect(autoApproves(["standard-company", "no-tax-agent"], d)).toBe(true);
    expect(autoApproves([], d)).toBe(false);
    expect(autoApproves(["unknown-rule"], d)).toBe(false);
  });

  it("hold back what is not standard", () => {
    const agent = sampleApplication();
    agent.answers.usesTaxAgent = true;
    expect(autoApproves(["no-tax-agent"], agent)).toBe(false);
    const badIndustry = sampleApplication();
    badIndustry.values.industry = "0199";
    expect(autoApproves(["industry-valid"], badIndustry)).toBe(false);
    const jsc = sampleApplication();
    jsc.values.enttype = "1220";
    expect(autoApproves(["standard-company"], jsc)).toBe(false);
  });
});
