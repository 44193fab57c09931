#!/usr/bin/env node
// `npm run dev`: the server with reload on change (tsx watch) and the web app with
// hot module replacement (Vite, proxying /api to the server). Open the Vite URL it prints.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const children = [
  spawn(bin("tsc"), ["-p", "packages/core/tsconfig.json", "--watch", "--preserveWatchOutput"], { cwd: root, stdio: "inherit" }),
  spawn(bin("tsx"), ["watch", "--clear-screen=false", "server/src/main.ts"], { cwd: root, stdio: "inherit" }),
  spawn(bin("vite"), [], { cwd: path.join(root, "web"), stdio: "inherit" }),
];
const stop = () => {
  for (const c of children) c.kill("SIGTERM");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const c of children) c.on("exit", (code) => code && stop());
