import { Button, Result } from "antd";
import { Component, lazy, useState, type ComponentProps, type ComponentType, type ErrorInfo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** When this tab last reloaded itself for a missing bundle (sessionStorage): once a minute at most, never a loop. */
const RELOADED_AT = "yc.chunkReloadAt";
const RELOAD_AGAIN_AFTER_MS = 60_000;

/**
 * A dynamic import of one of our bundles that failed: the network dropped it, or the file is gone (a tab
 * opened before a deploy asks for the old build's hashed names). Browsers word it differently.
 */
export function isChunkLoadError(err: unknown): boolean {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload CSS|ChunkLoadError/i.test(text);
}

/**
 * Reloads the page once for a missing bundle: a new build replaced it, and the reloaded page asks for the
 * new names. False when this tab did so within the last minute (the network, not a deploy: the failure
 * is shown with a retry instead) or the storage is refused.
 */
export function reloadOnce(): boolean {
  try {
    const last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - last < RELOAD_AGAIN_AFTER_MS) return false;
    sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  } catch {
    return false;
  }
  window.location.reload();
  return true;
}

/**
 * A page loaded when first shown (React.lazy), under a Suspense its route gives: a failed load reloads
 * the tab once (an old tab after a deploy), else shows a zh-CN message with 重试, which loads it again;
 * an error while showing it shows a message with 重试 too, never a blank page.
 */
// `any` as in React.lazy's own signature: the page's props are its own.
export function lazyPage<T extends ComponentType<any>>(load: () => Promise<{ default: T }>): ComponentType<ComponentProps<T>> {
  type P = ComponentProps<T>;
  const make = () =>
    lazy(() =>
      load().catch((err: unknown) => {
        // While the tab reloads, stay on the loading skeleton.
        if (isChunkLoadError(err) && reloadOnce()) return new Promise<never>(() => {});
        throw err;
      }),
    );
  let current = make();
  return function LazyPage(props: P) {
    const [attempt, setAttempt] = useState(0);
    const Current = current as unknown as ComponentType<P>;
    const retry = () => {
      current = make();
      setAttempt((a) => a + 1);
    };
    return (
      <PageBoundary key={attempt} onRetry={retry}>
        <Current {...props} />
      </PageBoundary>
    );
  };
}

/** Catches a page's failure (its load or its rendering) and shows it with a retry. */
class PageBoundary extends Component<{ onRetry: () => void; children: ReactNode }, { error: unknown }> {
  override state = { error: null as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("page failed", error, info.componentStack);
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return <PageFailed chunk={isChunkLoadError(this.state.error)} onRetry={this.props.onRetry} />;
  }
}

function PageFailed({ chunk, onRetry }: { chunk: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t(chunk ? "result.chunkTitle" : "result.crashTitle")}
      subTitle={t(chunk ? "result.chunk" : "result.crash")}
      extra={[
        <Button key="retry" type="primary" onClick={onRetry}>
          {t("common.retry")}
        </Button>,
        <Button key="home" href="/">
          {t("common.backHome")}
        </Button>,
      ]}
    />
  );
}
