import { config as zodConfig } from "zod";

/**
 * This page's style nonce: the server writes it into <meta property="csp-nonce"> (web/vite.config.ts,
 * html.cspNonce) and into the Content-Security-Policy, which admits <style> elements only with it.
 */
export const CSP_NONCE = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;

// antd passes the nonce to its own styles (Providers.tsx), but some <style> elements come from code that
// takes none: @rc-component/util's (the modal's scroll lock, the scrollbar measure) and the empty one in
// the SVG of two icons (LoginOutlined, RestOutlined). Every <style> this page's scripts create gets the
// nonce: scripts could read it anyway, and markup injected into the page (what the nonce guards against)
// never goes through createElement. Imported first (main.tsx), before anything renders.
if (CSP_NONCE) {
  const nonce = CSP_NONCE;
  const withNonce = <T extends Element>(element: T): T => {
    if (element instanceof HTMLStyleElement || element instanceof SVGStyleElement) element.nonce = nonce;
    return element;
  };
  const createElement = document.createElement.bind(document);
  const createElementNS = document.createElementNS.bind(document);
  document.createElement = ((tagName: string, options?: ElementCreationOptions) => withNonce(createElement(tagName, options))) as typeof document.createElement;
  document.createElementNS = ((namespace: string | null, qualifiedName: string, options?: ElementCreationOptions) =>
    withNonce(createElementNS(namespace, qualifiedName, options))) as typeof document.createElementNS;
}

// zod (through @yichuang/core) probes whether it may compile validators with new Function: under a policy
// without 'unsafe-eval' the probe is refused and reported as a violation. It validates without compiling.
zodConfig({ jitless: true });
