import { describe, expect, it } from "vitest";
import { e2eSuite, pick } from "./harness.js";
import { shanghaiToday } from "../server/src/platform/clock.js";

const e2e = e2eSuite();
const as = e2e.as;

describe("12316 duty board", () => {
  it("the operator sees who is on duty now and next; a supervisor's leave override takes today's turn, and cancelled gives it back", async () => {
    const operator = await as("operator", "duty-operator");
    await operator.getByRole("menuitem", { name: "坐诊值班" }).click();
    await operator.getByTestId("duty-page").waitFor();
    // Who is on duty depends on today's date: read it once the board has loaded.
    const nowName = operator.getByTestId("duty-now-name");
    await nowName.waitFor();
    const onDuty = ((await nowName.textContent()) ?? "").trim();
    expect(["钱忠龙", "陆建华"]).toContain(onDuty);
    const other = onDuty === "钱忠龙" ? "陆建华" : "钱忠龙";
    await operator.getByTestId("duty-next-name").waitFor();
    await operator.getByTestId("duty-schedule").locator("tbody tr.ant-table-row").nth(13).waitFor();
    // The operator reads; only supervisors and admins change the roster.
    await operator.getByTestId("add-override").waitFor({ state: "detached" });

    const supervisor = await as("supervisor", "duty-supervisor");
    await supervisor.goto(`${e2e.server.url}/hotline/duty`);
    await supervisor.getByTestId("duty-now-name").getByText(onDuty).waitFor();
    await supervisor.getByTestId("add-override").click();
    const today = shanghaiToday();
    await supervisor.getByPlaceholder("开始日期").fill(today);
    await supervisor.getByPlaceholder("结束日期").fill(today);
    await supervisor.getByPlaceholder("结束日期").press("Enter");
    await pick(supervisor, supervisor.getByLabel("值班专家"), other);
    await supervisor.getByLabel("原因").fill(`${onDuty}请假，${other}代班`);
    await supervisor.getByRole("button", { name: /新\s*建/ }).click();
    await supervisor.getByTestId("duty-now-name").getByText(other).waitFor();
    await supervisor.getByTestId("duty-now").getByText(`调班（${onDuty}请假，${other}代班）`).waitFor();
    await supervisor.getByTestId("duty-overrides").getByText(`${onDuty}请假，${other}代班`).waitFor();

    await operator.reload();
    await operator.getByTestId("duty-now-name").getByText(other).waitFor();

    await supervisor.getByTestId("duty-overrides").getByRole("button", { name: /取消调班/ }).click();
    await supervisor.getByRole("button", { name: /确\s*定|OK/ }).click();
    await supervisor.getByTestId("duty-now-name").getByText(onDuty).waitFor();
    await supervisor.getByTestId("duty-overrides").getByText("暂无调班").waitFor();
  });
});
