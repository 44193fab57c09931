import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * One runner for every suite. The server's integration suite runs once per
 * database engine (YC_TEST_DB), each test file in a fresh database.
 * scripts/test.mjs chooses which projects can run on this machine.
 * At least two workers: vitest's default (cores − 1) runs the server files one at a
 * time on a 2-core machine, though half their time is spent waiting on the database.
 * The browser files still run one at a time (fileParallelism: false).
 */
export default defineConfig({
  test: {
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
          // A journey runs axe on each page it shows (issue 19): the longest take over a minute on a loaded machine.
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
