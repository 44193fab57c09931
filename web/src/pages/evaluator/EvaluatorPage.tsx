import { DisconnectOutlined, FrownOutlined, HeartOutlined, MehOutlined, SmileOutlined } from "@ant-design/icons";
import { BAD_REVIEW_REASONS, isBadReview, RATING_LEVELS, type Rating } from "@yichuang/core";
import { Alert, Button, Input, Progress, Spin, Typography } from "antd";
import { useCallback, useEffect, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { EVALUATOR_EVENTS_URL, getEvaluatorState, pairEvaluator, sendEvaluatorRating } from "../../api/endpoints";
import type { EvaluatorPrompt, EvaluatorRating, EvaluatorState } from "../../api/types";
import { useErrorText } from "../../lib/errors";
import { useLocale } from "../../lib/locale";
import { dropRating, enqueueRating, readOutbox } from "./outbox";

/** How long the thank-you screen stays. */
const THANKS_MS = 3000;
/** How long the reasons screen waits for a touch before it sends what the citizen chose. */
const REASONS_MS = 45_000;
/** How often the outbox is retried while it holds ratings. */
const RETRY_MS = 5000;

type Screen =
  | { name: "loading" }
  | { name: "pairing" }
  | { name: "idle" }
  | { name: "prompt"; prompt: EvaluatorPrompt; deadline: number }
  | { name: "reasons"; prompt: EvaluatorPrompt; promptDeadline: number; level: Rating; answeredAt: string; deadline: number }
  | { name: "thanks"; until: number };

interface Draft {
  reasons: string[];
  comment: string;
}

const LEVEL_STYLE: Record<Rating, { colour: string; icon: ReactNode }> = {
  5: { colour: "#15803d", icon: <SmileOutlined aria-hidden /> },
  4: { colour: "#4d7c0f", icon: <SmileOutlined aria-hidden /> },
  3: { colour: "#1d4ed8", icon: <MehOutlined aria-hidden /> },
  2: { colour: "#c2410c", icon: <FrownOutlined aria-hidden /> },
  1: { colour: "#b91c1c", icon: <FrownOutlined aria-hidden /> },
};

/** Delivery failed for a reason that may pass (offline, server down, session of the device changing): keep the rating. */
function worthRetrying(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  if (err.status === 0 || err.status >= 500) return true;
  return err.code === "UNAUTHENTICATED" || err.code === "CSRF_INVALID" || err.code === "RATE_LIMITED";
}

/** The current time, refreshed while `active`. */
function useNow(active: boolean, everyMs = 250): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return now;
}

/** Keeps the kiosk's screen on where the browser allows it. */
function useWakeLock() {
  useEffect(() => {
    let lock: WakeLockSentinel | null = null;
    const request = () => {
      if (document.visibilityState !== "visible" || !("wakeLock" in navigator)) return;
      navigator.wakeLock.request("screen").then(
        (l) => (lock = l),
        () => undefined,
      );
    };
    request();
    document.addEventListener("visibilitychange", request);
    return () => {
      document.removeEventListener("visibilitychange", request);
      void lock?.release().catch(() => undefined);
    };
  }, []);
}

/**
 * /evaluator: the full-screen kiosk at a window (评价器). Paired once with an
 * admin-issued code (the server sets a device cookie), it listens to the server's
 * event stream; when the window's clerk completes a transaction it shows the clerk
 * and five levels. Unanswered prompts close by themselves and send nothing. A
 * rating is kept in localStorage until the server has answered it, so an outage
 * loses nothing and a retry with the same clientId is recognised, not doubled.
 */
export function EvaluatorPage() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<EvaluatorState | null>(null);
  const [screen, setScreenState] = useState<Screen>({ name: "loading" });
  const [lost, setLost] = useState(false);
  // Set when the admin revoked or re-paired this device while it was running.
  const [revoked, setRevoked] = useState(false);
  const [pending, setPending] = useState(() => readOutbox().length);
  const [draft, setDraftState] = useState<Draft>({ reasons: [], comment: "" });

  // Event handlers run outside React's render: they read the latest values through refs.
  const screenRef = useRef(screen);
  const draftRef = useRef(draft);
  const csrf = useRef("");
  const skew = useRef(0);
  const promptMs = useRef(60_000);
  const answered = useRef(new Set(readOutbox().map((x) => x.transactionId)));
  const flushing = useRef(false);
  const machine = useRef<{ connect: () => void; apply: (s: EvaluatorState) => void; reconnect: () => void } | null>(null);

  useWakeLock();
  useEffect(() => {
    document.title = t("desk.evaluator.title");
  }, [t]);

  const show = useCallback((next: Screen) => {
    screenRef.current = next;
    setScreenState(next);
  }, []);
  const setDraft = useCallback((next: Draft) => {
    draftRef.current = next;
    setDraftState(next);
  }, []);

  /** Delivers the outbox in order; stops at the first rating that cannot be delivered now. */
  const flush = useCallback(async () => {
    if (flushing.current || !csrf.current) return;
    flushing.current = true;
    try {
      for (const item of readOutbox()) {
        try {
          await sendEvaluatorRating(item, csrf.current);
          dropRating(item.clientId);
        } catch (err) {
          // No network: the event stream may be dead without knowing it; open a fresh one once we can.
          if (err instanceof ApiError && err.status === 0) machine.current?.reconnect();
          if (worthRetrying(err)) break;
          // Refused for good (too late, already rated by another channel…): nothing a retry can change.
          dropRating(item.clientId);
        }
      }
    } finally {
      flushing.current = false;
      setPending(readOutbox().length);
    }
  }, []);

  /** Keeps the rating first, then shows thanks at once and sends it. */
  const deliver = useCallback(
    (rating: EvaluatorRating) => {
      answered.current.add(rating.transactionId);
      enqueueRating(rating);
      setPending(readOutbox().length);
      show({ name: "thanks", until: Date.now() + THANKS_MS });
      void flush();
    },
    [flush, show],
  );

  /** Sends what the citizen chose on the reasons screen. */
  const submitReasons = useCallback(() => {
    const s = screenRef.current;
    if (s.name !== "reasons") return;
    const d = draftRef.current;
    deliver({
      transactionId: s.prompt.transactionId,
      clientId: crypto.randomUUID(),
      answeredAt: s.answeredAt,
      level: s.level,
      reasons: d.reasons,
      comment: d.comment.trim() || null,
    });
  }, [deliver]);

  /** A prompt replaces whatever is shown; a bad level already chosen for the previous one is sent first. */
  const showPrompt = useCallback(
    (prompt: EvaluatorPrompt, deadline: number) => {
      const s = screenRef.current;
      if ((s.name === "prompt" || s.name === "reasons") && s.prompt.transactionId === prompt.transactionId) return;
      if (s.name === "reasons") submitReasons();
      show({ name: "prompt", prompt, deadline });
    },
    [show, submitReasons],
  );

  useEffect(() => {
    let disposed = false;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const toPairing = () => {
      source?.close();
      source = null;
      csrf.current = "";
      setLost(false);
      setInfo(null);
      show({ name: "pairing" });
    };

    const apply = (s: EvaluatorState) => {
      setInfo(s);
      csrf.current = s.csrfToken;
      promptMs.current = s.promptSeconds * 1000;
      const p = s.prompt;
      if (p && !answered.current.has(p.transactionId)) {
        // The server's clock decides when the prompt closes; ours may differ (skew, estimated from live prompts).
        const left = Math.min(Date.parse(p.expiresAt) - (Date.now() + skew.current), promptMs.current);
        if (left > 1000) return showPrompt(p, Date.now() + left);
      }
      const cur = screenRef.current;
      if (cur.name === "loading" || cur.name === "pairing") show({ name: "idle" });
    };

    const onPrompt = (p: EvaluatorPrompt) => {
      if (answered.current.has(p.transactionId)) return;
      // Sent as the clerk completes: endedAt is about the server's now.
      const offset = Date.parse(p.endedAt) - Date.now();
      skew.current = Math.abs(offset) > 5000 ? offset : 0;
      showPrompt(p, Date.now() + Math.max(0, Date.parse(p.expiresAt) - Date.parse(p.endedAt)));
    };

    const probe = async () => {
      clearTimeout(retry);
      try {
        const s = await getEvaluatorState();
        if (disposed) return;
        if (!s) return toPairing();
        apply(s);
        connect();
      } catch (err) {
        if (disposed) return;
        if (err instanceof ApiError && err.code === "UNAUTHENTICATED") return toPairing();
        setLost(true);
        retry = setTimeout(() => void probe(), 3000);
      }
    };

    const connect = () => {
      source?.close();
      const es = new EventSource(EVALUATOR_EVENTS_URL);
      source = es;
      const data = <T,>(ev: Event): T | null => {
        try {
          return JSON.parse((ev as MessageEvent<string>).data) as T;
        } catch {
          return null;
        }
      };
      es.addEventListener("state", (ev) => {
        const s = data<EvaluatorState>(ev);
        if (!s) return;
        setLost(false);
        apply(s);
        void flush();
      });
      es.addEventListener("prompt", (ev) => {
        const p = data<EvaluatorPrompt>(ev);
        if (p) onPrompt(p);
      });
      es.addEventListener("revoked", () => {
        setRevoked(true);
        toPairing();
      });
      es.onerror = () => {
        if (disposed || source !== es) return;
        setLost(true);
        // EventSource reconnects by itself unless it gave up (refused, or offline): then we ask who we are.
        if (es.readyState === EventSource.CLOSED) {
          source = null;
          clearTimeout(retry);
          retry = setTimeout(() => void probe(), 2000);
        }
      };
    };

    /** Drops the stream and asks again who we are, then listens anew. */
    const reconnect = () => {
      source?.close();
      source = null;
      setLost(true);
      clearTimeout(retry);
      retry = setTimeout(() => void probe(), 1000);
    };

    machine.current = { connect, apply, reconnect };
    void probe();

    // A stream can die silently when the network goes: after an outage always start a fresh one.
    const onOnline = () => {
      void flush();
      reconnect();
    };
    const onOffline = () => setLost(true);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    const timer = setInterval(() => {
      if (readOutbox().length) void flush();
    }, RETRY_MS);
    return () => {
      disposed = true;
      source?.close();
      clearTimeout(retry);
      clearInterval(timer);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      machine.current = null;
    };
  }, [flush, show, showPrompt]);

  // Each timed screen ends by itself: an unanswered prompt goes back to idle and sends nothing.
  useEffect(() => {
    const s = screen;
    const after = (ms: number, fn: () => void) => {
      const timer = setTimeout(() => screenRef.current === s && fn(), Math.max(0, ms));
      return () => clearTimeout(timer);
    };
    if (s.name === "prompt") return after(s.deadline - Date.now(), () => show({ name: "idle" }));
    if (s.name === "reasons") return after(s.deadline - Date.now(), submitReasons);
    if (s.name === "thanks") return after(s.until - Date.now(), () => show({ name: "idle" }));
    return undefined;
  }, [screen, show, submitReasons]);

  const rate = (level: Rating) => {
    const s = screenRef.current;
    if (s.name !== "prompt") return;
    const answeredAt = new Date(Date.now() + skew.current).toISOString();
    if (isBadReview(level)) {
      setDraft({ reasons: [], comment: "" });
      show({ name: "reasons", prompt: s.prompt, promptDeadline: s.deadline, level, answeredAt, deadline: Date.now() + REASONS_MS });
      return;
    }
    deliver({ transactionId: s.prompt.transactionId, clientId: crypto.randomUUID(), answeredAt, level });
  };

  /** Any touch on the reasons screen gives the citizen their time again. */
  const editDraft = (next: Draft) => {
    setDraft(next);
    const s = screenRef.current;
    if (s.name === "reasons") show({ ...s, deadline: Date.now() + REASONS_MS });
  };

  const backToLevels = () => {
    const s = screenRef.current;
    if (s.name === "reasons") show({ name: "prompt", prompt: s.prompt, deadline: s.promptDeadline });
  };

  const paired = (s: EvaluatorState) => {
    machine.current?.apply(s);
    machine.current?.connect();
  };

  return (
    <main data-testid="evaluator-page" data-screen={screen.name} style={styles.page}>
      <Header info={info} lost={lost && screen.name !== "pairing"} pending={pending} />
      <div style={styles.body}>
        {screen.name === "loading" && <Spin size="large" description={t("desk.evaluator.connecting")} />}
        {screen.name === "pairing" && <PairingScreen onPaired={paired} revoked={revoked} />}
        {screen.name === "idle" && info && <IdleScreen info={info} />}
        {screen.name === "prompt" && <PromptScreen prompt={screen.prompt} deadline={screen.deadline} total={promptMs.current} onRate={rate} />}
        {screen.name === "reasons" && (
          <ReasonsScreen
            level={screen.level}
            draft={draft}
            deadline={screen.deadline}
            canGoBack={screen.promptDeadline - Date.now() > 3000}
            onChange={editDraft}
            onSubmit={submitReasons}
            onBack={backToLevels}
          />
        )}
        {screen.name === "thanks" && <ThanksScreen />}
      </div>
    </main>
  );
}

const styles: Record<string, CSSProperties> = {
  page: {
    minHeight: "100vh",
    display: "flex",
    flexDirection: "column",
    background: "linear-gradient(180deg, #eaf1ff 0%, #f8fafc 60%)",
    userSelect: "none",
  },
  header: {
    display: "flex",
    justifyContent: "space-between",
    alignItems: "center",
    gap: 16,
    padding: "16px 32px",
    background: "#1d4ed8",
    color: "#fff",
    fontSize: 20,
  },
  body: {
    flex: 1,
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    justifyContent: "center",
    padding: "24px 32px 40px",
    textAlign: "center",
  },
};

function Header({ info, lost, pending }: { info: EvaluatorState | null; lost: boolean; pending: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <header style={styles.header}>
      <span>
        {info ? (
          <>
            <strong data-testid="evaluator-window">{t("desk.evaluator.window", { number: info.window.number })}</strong>
            <span style={{ marginInlineStart: 12, opacity: 0.9 }}>{locale === "en" ? info.window.nameEn : info.window.name}</span>
          </>
        ) : (
          t("desk.evaluator.title")
        )}
      </span>
      <span style={{ display: "flex", gap: 12, alignItems: "center", fontSize: 16 }}>
        {pending > 0 && (
          <span data-testid="evaluator-pending" style={{ opacity: 0.85 }}>
            {t("desk.evaluator.pending", { count: pending })}
          </span>
        )}
        {lost && (
          <span role="status" data-testid="evaluator-offline" style={{ background: "#fef3c7", color: "#92400e", borderRadius: 16, padding: "2px 12px" }}>
            <DisconnectOutlined aria-hidden /> {t("desk.evaluator.reconnecting")}
          </span>
        )}
        {info && <span style={{ opacity: 0.85 }}>{locale === "en" ? info.window.departmentEn : info.window.department}</span>}
      </span>
    </header>
  );
}

function PairingScreen({ onPaired, revoked }: { onPaired: (s: EvaluatorState) => void; revoked: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const locale = useLocale();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (!code.trim()) return setError(t("desk.evaluator.pairRequired"));
    setBusy(true);
    setError(null);
    try {
      onPaired(await pairEvaluator(code.trim()));
    } catch (err) {
      // The server names the field in Chinese ("配对码：无效…"); English shows our own text for the code.
      const field = err instanceof ApiError ? err.fields[0]?.message : undefined;
      setError(locale === "zh-CN" && field ? field : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      style={{ width: "min(560px, 100%)", display: "flex", flexDirection: "column", gap: 20 }}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Typography.Title level={1} style={{ fontSize: 40, margin: 0 }}>
        {t("desk.evaluator.pairTitle")}
      </Typography.Title>
      {revoked && (
        <Typography.Paragraph style={{ fontSize: 20, margin: 0, color: "#b45309" }} data-testid="evaluator-revoked">
          {t("desk.evaluator.revokedNotice")}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph style={{ fontSize: 20, margin: 0 }} type="secondary">
        {t("desk.evaluator.pairIntro")}
      </Typography.Paragraph>
      <Input
        aria-label={t("desk.evaluator.pairCode")}
        placeholder={t("desk.evaluator.pairPlaceholder")}
        value={code}
        onChange={(e) => setCode(e.target.value.toUpperCase())}
        autoFocus
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={20}
        data-testid="evaluator-pair-code"
        style={{ height: 88, fontSize: 44, textAlign: "center", letterSpacing: 8, fontFamily: "monospace" }}
      />
      {error && <Alert type="error" showIcon title={error} data-testid="evaluator-pair-error" style={{ fontSize: 18, textAlign: "start" }} />}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="evaluator-pair" style={{ height: 72, fontSize: 28 }}>
        {t("desk.evaluator.pair")}
      </Button>
    </form>
  );
}

function IdleScreen({ info }: { info: EvaluatorState }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div data-testid="evaluator-idle" style={{ display: "flex", flexDirection: "column", alignItems: "center", gap: 16 }}>
      <div style={{ fontSize: 120, fontWeight: 700, color: "#1d4ed8", lineHeight: 1 }}>{info.window.number}</div>
      <div style={{ fontSize: 36, fontWeight: 600 }}>{locale === "en" ? info.window.nameEn : info.window.name}</div>
      <div style={{ fontSize: 24, color: "#475569" }}>{locale === "en" ? info.window.departmentEn : info.window.department}</div>
      <div style={{ fontSize: 48, marginTop: 32, color: "#0f172a" }}>{t("desk.evaluator.welcome")}</div>
      <div style={{ fontSize: 22, color: "#475569", maxWidth: 760 }}>{t("desk.evaluator.idleHint")}</div>
    </div>
  );
}

function ClerkPhoto({ prompt }: { prompt: EvaluatorPrompt }) {
  const [broken, setBroken] = useState(false);
  const size = { width: 180, height: 220, borderRadius: 16 };
  if (prompt.clerk.photoUrl && !broken) {
    return <img src={prompt.clerk.photoUrl} alt="" onError={() => setBroken(true)} data-testid="evaluator-photo" style={{ ...size, objectFit: "cover", boxShadow: "0 4px 16px rgba(15,23,42,.15)" }} />;
  }
  return (
    <div
      aria-hidden
      data-testid="evaluator-avatar"
      style={{ ...size, display: "grid", placeItems: "center", background: "#1d4ed8", color: "#fff", fontSize: 96, fontWeight: 600, boxShadow: "0 4px 16px rgba(15,23,42,.15)" }}
    >
      {[...prompt.clerk.name][0] ?? "?"}
    </div>
  );
}

function Countdown({ deadline, total, label }: { deadline: number; total: number; label: "countdown" | "submitCountdown" }) {
  const { t } = useTranslation();
  const now = useNow(true);
  const left = Math.max(0, deadline - now);
  return (
    <div style={{ width: "min(640px, 100%)", margin: "0 auto" }} data-testid="evaluator-countdown">
      <Progress percent={Math.min(100, (left / Math.max(total, 1)) * 100)} showInfo={false} strokeColor="#94a3b8" size="small" aria-hidden />
      <Typography.Text type="secondary" style={{ fontSize: 18 }}>
        {t(`desk.evaluator.${label}`, { s: Math.ceil(left / 1000) })}
      </Typography.Text>
    </div>
  );
}

function PromptScreen({ prompt, deadline, total, onRate }: { prompt: EvaluatorPrompt; deadline: number; total: number; onRate: (level: Rating) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div data-testid="evaluator-prompt" data-transaction-id={prompt.transactionId} style={{ width: "100%", maxWidth: 1200, display: "flex", flexDirection: "column", gap: 32 }}>
      <div style={{ display: "flex", gap: 32, alignItems: "center", justifyContent: "center", flexWrap: "wrap" }}>
        <ClerkPhoto key={prompt.transactionId} prompt={prompt} />
        <div style={{ textAlign: "start", display: "flex", flexDirection: "column", gap: 8 }}>
          <div data-testid="evaluator-clerk" style={{ fontSize: 44, fontWeight: 700 }}>
            {prompt.clerk.name}
          </div>
          {prompt.clerk.staffNo && (
            <div data-testid="evaluator-staff-no" style={{ fontSize: 26, color: "#334155" }}>
              {t("desk.evaluator.staffNo", { no: prompt.clerk.staffNo })}
            </div>
          )}
          <div style={{ fontSize: 22, color: "#475569" }}>{t("desk.evaluator.service", { name: locale === "en" && prompt.serviceNameEn ? prompt.serviceNameEn : prompt.serviceName })}</div>
        </div>
      </div>
      <div style={{ fontSize: 34, fontWeight: 600 }}>{t("desk.evaluator.ask")}</div>
      <div role="group" aria-label={t("desk.evaluator.ask")} style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(170px, 1fr))", gap: 16 }}>
        {RATING_LEVELS.map((l) => (
          <button
            key={l.value}
            type="button"
            data-testid={`evaluator-level-${l.value}`}
            onClick={() => onRate(l.value)}
            style={{
              minHeight: 150,
              border: `3px solid ${LEVEL_STYLE[l.value].colour}`,
              borderRadius: 20,
              background: "#fff",
              color: LEVEL_STYLE[l.value].colour,
              fontSize: 30,
              fontWeight: 600,
              cursor: "pointer",
              display: "flex",
              flexDirection: "column",
              alignItems: "center",
              justifyContent: "center",
              gap: 12,
              touchAction: "manipulation",
              fontFamily: "inherit",
            }}
          >
            <span style={{ fontSize: 56 }}>{LEVEL_STYLE[l.value].icon}</span>
            {locale === "en" ? l.en : l.zh}
          </button>
        ))}
      </div>
      <Countdown deadline={deadline} total={total} label="countdown" />
    </div>
  );
}

function ReasonsScreen({
  level,
  draft,
  deadline,
  canGoBack,
  onChange,
  onSubmit,
  onBack,
}: {
  level: Rating;
  draft: Draft;
  deadline: number;
  canGoBack: boolean;
  onChange: (d: Draft) => void;
  onSubmit: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const chosen = RATING_LEVELS.find((l) => l.value === level)!;
  const toggle = (code: string) =>
    onChange({ ...draft, reasons: draft.reasons.includes(code) ? draft.reasons.filter((r) => r !== code) : [...draft.reasons, code] });
  return (
    <div data-testid="evaluator-reasons" style={{ width: "100%", maxWidth: 1100, display: "flex", flexDirection: "column", gap: 24 }}>
      <div style={{ fontSize: 26, color: LEVEL_STYLE[level].colour, fontWeight: 600 }}>
        {LEVEL_STYLE[level].icon} {locale === "en" ? chosen.en : chosen.zh}
      </div>
      <div style={{ fontSize: 32, fontWeight: 600 }}>{t("desk.evaluator.reasonsTitle")}</div>
      <div style={{ fontSize: 20, color: "#475569" }}>{t("desk.evaluator.reasonsHint")}</div>
      <div role="group" aria-label={t("desk.evaluator.reasonsTitle")} style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(230px, 1fr))", gap: 14 }}>
        {BAD_REVIEW_REASONS.map((r) => {
          const on = draft.reasons.includes(r.code);
          return (
            <button
              key={r.code}
              type="button"
              aria-pressed={on}
              data-testid={`evaluator-reason-${r.code}`}
              onClick={() => toggle(r.code)}
              style={{
                minHeight: 76,
                borderRadius: 14,
                border: `2px solid ${on ? "#c2410c" : "#cbd5e1"}`,
                background: on ? "#fff7ed" : "#fff",
                color: on ? "#9a3412" : "#0f172a",
                fontSize: 22,
                fontWeight: on ? 600 : 400,
                cursor: "pointer",
                touchAction: "manipulation",
                fontFamily: "inherit",
              }}
            >
              {on ? "✓ " : ""}
              {locale === "en" ? r.en : r.zh}
            </button>
          );
        })}
      </div>
      <Input.TextArea
        aria-label={t("desk.evaluator.comment")}
        placeholder={t("desk.evaluator.commentPlaceholder")}
        value={draft.comment}
        maxLength={500}
        autoSize={{ minRows: 2, maxRows: 4 }}
        onChange={(e) => onChange({ ...draft, comment: e.target.value })}
        data-testid="evaluator-comment"
        style={{ fontSize: 20 }}
      />
      <div style={{ display: "flex", gap: 16, justifyContent: "center", flexWrap: "wrap" }}>
        {canGoBack && (
          <Button size="large" onClick={onBack} data-testid="evaluator-back" style={{ height: 72, minWidth: 200, fontSize: 24 }}>
            {t("desk.evaluator.back")}
          </Button>
        )}
        <Button type="primary" size="large" onClick={onSubmit} data-testid="evaluator-submit" style={{ height: 72, minWidth: 280, fontSize: 26 }}>
          {t("desk.evaluator.submit")}
        </Button>
      </div>
      <Countdown deadline={deadline} total={REASONS_MS} label="submitCountdown" />
    </div>
  );
}

function ThanksScreen() {
  const { t } = useTranslation();
  return (
    <div data-testid="evaluator-thanks" style={{ display: "flex", flexDirection: "column", alignItems: "center", gap: 16 }}>
      <HeartOutlined aria-hidden style={{ fontSize: 120, color: "#e11d48" }} />
      <div style={{ fontSize: 56, fontWeight: 700 }}>{t("desk.evaluator.thanks")}</div>
      <div style={{ fontSize: 26, color: "#475569" }}>{t("desk.evaluator.thanksHint")}</div>
    </div>
  );
}
