import { defineConfig } from "vitest/config";

/**
 * One runner for every suite. The server's integration suite runs once per
 * database engine (YC_TEST_DB), each test file in a fresh database.
 * scripts/test.mjs chooses which projects can run on this machine.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "core",
          include: ["packages/core/src/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "server-sqlite",
          include: ["server/test/**/*.test.ts", "server/src/**/*.test.ts"],
          env: { YC_TEST_DB: "sqlite" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "server-postgres",
          include: ["server/test/**/*.test.ts"],
          env: { YC_TEST_DB: "postgres" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
