// First: every <style> created from here on carries the page's CSP nonce.
import "./csp";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App";
import { AuthProvider } from "./auth/AuthContext";
import "./i18n";
import { keepScrollRegionsFocusable } from "./lib/scrollRegions";
import { Providers } from "./Providers";
import "./styles.css";

keepScrollRegionsFocusable();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Providers>
      <BrowserRouter>
        <AuthProvider>
          <App />
        </AuthProvider>
      </BrowserRouter>
    </Providers>
  </StrictMode>,
);
