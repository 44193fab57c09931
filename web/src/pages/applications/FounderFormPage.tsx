import { CheckCircleFilled, SaveOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, Anchor, App, Button, Col, Flex, Form, Result, Row, Skeleton, Tag, Typography } from "antd";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { getApplication, listKnownPeople, saveApplication, submitApplication } from "../../api/endpoints";
import type { Application, ApplicationWithForm, KnownPerson } from "../../api/types";
import { useUser } from "../../auth/AuthContext";
import { LoadError } from "../../components/LoadError";
import { PageTitle } from "../../components/PageTitle";
import { toApiError, useErrorText } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useLoader } from "../../lib/useLoader";
import { ApplicationSummary } from "./ApplicationSummary";
import { FormFigures } from "./FormFigures";
import {
  cellPath,
  codeListsOf,
  conditionsOf,
  draftData,
  filledCount,
  formProblems,
  fromData,
  localPath,
  newRowId,
  normalizeValue,
  peopleChoices,
  personPatch,
  sectionCounts,
  sectionShown,
  submitData,
  tablePath,
  valuePath,
  withIdDefaults,
  type FormState,
  type PersonChoice,
  type PersonTargets,
  type Problem,
} from "./formModel";
import { useLocalText as useText } from "../../lib/locale";
import { SectionView } from "./SectionView";
import { MaterialsCard } from "../cases/MaterialsCard";
import { CaseLinkButton } from "../cases/MyCasesCard";

/** Auto-save interval for a changed draft. */
const AUTOSAVE_MS = 30_000;

const MOBILE = /^1[3-9]\d{9}$/;

/** /applications/:id: the founder's one form, or the summary once submitted. */
export function FounderFormPage() {
  const { id = "" } = useParams();
  const loaded = useLoader(() => getApplication(id), [id]);
  // Earlier people are a convenience: the form works without them.
  const known = useLoader(() => listKnownPeople().catch(() => [] as KnownPerson[]), [id]);

  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  // While (re)loading the form unmounts, so a reload starts again from the stored draft.
  if (!loaded.data || loaded.loading) return <Skeleton active paragraph={{ rows: 12 }} />;
  return <FounderForm key={loaded.data.application.id} loaded={loaded.data} known={known.data ?? []} onReload={loaded.reload} />;
}

function FounderForm({ loaded, known, onReload }: { loaded: ApplicationWithForm; known: readonly KnownPerson[]; onReload: () => void }) {
  const { t } = useTranslation();
  const text = useText();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const user = useUser();
  const form = loaded.form;
  const codeLists = useMemo(() => codeListsOf(form), [form]);
  const elementByKey = useMemo(() => new Map(form.sections.flatMap((s) => s.controls.flatMap((c) => c.elements.map((e) => [e.key, e] as const)))), [form]);
  const sectionByBlock = useMemo(() => new Map(form.sections.map((s) => [s.block.key, s])), [form]);

  const [application, setApplication] = useState<Application>(loaded.application);
  const [state, setState] = useState<FormState>(() => {
    const s = fromData(form, loaded.application.data);
    // Tables that need a row start with an empty one, ready to fill.
    for (const section of form.sections) {
      const min = section.block.kind === "repeating" && section.when.length === 0 ? (section.block.minRows ?? 0) : 0;
      const rows = s.rows[section.block.key] ?? [];
      while (rows.length < min) rows.push({ id: newRowId(), values: withIdDefaults(section.controls, {}) });
      if (section.block.kind === "repeating") s.rows[section.block.key] = rows;
    }
    return s;
  });
  const stateRef = useRef(state);
  stateRef.current = state;
  const revisionRef = useRef(loaded.application.revision);

  // Edits since the last save: `edits` counts changes, `savedEdits` the count the last save covered.
  const edits = useRef(0);
  const savedEdits = useRef(0);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const savingRef = useRef(false);
  const [submitting, setSubmitting] = useState(false);
  const [lastSaved, setLastSaved] = useState<string | null>(null);
  const [leftOut, setLeftOut] = useState(0);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [serverErrors, setServerErrors] = useState<Map<string, string>>(new Map());
  const [showRequired, setShowRequired] = useState(false);
  const [scrollRequest, setScrollRequest] = useState(0);

  const touched = useCallback(() => {
    edits.current++;
    setDirty(true);
  }, []);

  /** Drops the server's verdict on the paths an edit touched. */
  const clearServer = useCallback((match: (path: string) => boolean) => {
    setServerErrors((prev) => {
      if (![...prev.keys()].some(match)) return prev;
      return new Map([...prev].filter(([p]) => !match(p)));
    });
  }, []);

  const onChange = useCallback(
    (key: string, raw: unknown, block?: string, rowId?: string) => {
      const e = elementByKey.get(key);
      const value = e ? normalizeValue(e, raw) : raw;
      if (block && rowId) {
        const index = (stateRef.current.rows[block] ?? []).findIndex((r) => r.id === rowId);
        clearServer((p) => p === cellPath(block, index, key) || p === tablePath(block));
        setState((s) => ({
          ...s,
          rows: {
            ...s.rows,
            [block]: (s.rows[block] ?? []).map((r) => {
              if (r.id !== rowId) return r;
              const values = { ...r.values };
              if (value === undefined) delete values[key];
              else values[key] = value;
              return { ...r, values };
            }),
          },
        }));
      } else {
        // Cross-field verdicts (capital vs subscriptions, staff counts) name one field; any edit may settle them.
        clearServer((p) => p === valuePath(key));
        setState((s) => {
          const values = { ...s.values };
          if (value === undefined) delete values[key];
          else values[key] = value;
          return { ...s, values };
        });
      }
      touched();
    },
    [elementByKey, clearServer, touched],
  );

  const onAddRow = useCallback(
    (block: string) => {
      const section = sectionByBlock.get(block);
      clearServer((p) => p === tablePath(block));
      setState((s) => ({ ...s, rows: { ...s.rows, [block]: [...(s.rows[block] ?? []), { id: newRowId(), values: withIdDefaults(section?.controls ?? [], {}) }] } }));
      touched();
    },
    [sectionByBlock, clearServer, touched],
  );

  const onRemoveRow = useCallback(
    (block: string, rowId: string) => {
      // Row numbers after the removed one shift: the server's verdicts on this table no longer point anywhere.
      clearServer((p) => p.startsWith(`${tablePath(block)}.`) || p === tablePath(block));
      setState((s) => ({ ...s, rows: { ...s.rows, [block]: (s.rows[block] ?? []).filter((r) => r.id !== rowId) } }));
      touched();
    },
    [clearServer, touched],
  );

  const onAnswer = useCallback(
    (condition: string, value: boolean) => {
      setState((s) => {
        const next = { ...s, answers: { ...s.answers, [condition]: value } };
        // Saying yes to a table's question opens it with one row to fill.
        if (value) {
          for (const section of form.sections) {
            if (section.block.kind === "repeating" && section.when.includes(condition) && (next.rows[section.block.key] ?? []).length === 0) {
              next.rows = { ...next.rows, [section.block.key]: [{ id: newRowId(), values: withIdDefaults(section.controls, {}) }] };
            }
          }
        }
        return next;
      });
      touched();
    },
    [form, touched],
  );

  const onFillPerson = useCallback(
    (targets: PersonTargets, person: PersonChoice, block?: string, rowId?: string) => {
      const patch = personPatch(person, targets);
      for (const [key, value] of Object.entries(patch)) onChange(key, value, block, rowId);
      void message.success(t("founder.personFilled", { name: person.name }));
    },
    [onChange, message, t],
  );

  const conditions = useMemo(() => conditionsOf(state), [state]);
  const localProblems = useMemo(() => formProblems(form, state, conditions, codeLists, showRequired), [form, state, conditions, codeLists, showRequired]);

  const problemText = useCallback(
    (p: Problem): string => {
      switch (p.kind) {
        case "value":
          return p.message;
        case "required":
          return t("founder.required");
        case "minRows":
          return t("founder.minRows", { min: p.min });
        case "maxRows":
          return t("founder.maxRows", { max: p.max });
      }
    },
    [t],
  );
  const problemOf = useCallback(
    (path: string) => {
      const server = serverErrors.get(path);
      if (server) return server;
      const local = localProblems.get(path);
      return local ? problemText(local) : undefined;
    },
    [serverErrors, localProblems, problemText],
  );

  // Server verdicts on paths the page does not show (a field no longer on the form) are listed at the top.
  const unplaced = useMemo(() => {
    const known = new Set<string>();
    for (const s of form.sections) {
      known.add(tablePath(s.block.key));
      for (const c of s.controls) {
        for (const e of c.elements) {
          if (s.block.kind !== "repeating") known.add(valuePath(e.key));
          else (state.rows[s.block.key] ?? []).forEach((_r, i) => known.add(cellPath(s.block.key, i, e.key)));
        }
      }
    }
    return [...serverErrors].filter(([p]) => !known.has(p));
  }, [form, serverErrors, state.rows]);

  const people = useMemo(() => {
    const self = {
      name: user.displayName,
      mobile: user.phone && MOBILE.test(user.phone) ? user.phone : undefined,
      email: user.email ?? undefined,
    };
    return peopleChoices(form, state, known, self, (s) => text(s.block.title), t("founder.fromEarlier"), t("founder.fromSelf"));
  }, [form, state, known, user, text, t]);

  const editable = application.status === "draft" && !conflict;

  const save = useCallback(
    async (auto: boolean) => {
      if (savingRef.current || application.status !== "draft" || conflict) return;
      savingRef.current = true;
      setSaving(true);
      const coveredEdits = edits.current;
      const st = stateRef.current;
      const problems = formProblems(form, st, conditionsOf(st), codeLists, false);
      let skipped = [...problems.values()].filter((p) => p.kind === "value").length;
      try {
        let saved: Application;
        try {
          saved = await saveApplication(application.id, draftData(st, problems), revisionRef.current);
        } catch (err) {
          // A value only the server can judge (a cross-field rule): keep it on screen, store the rest.
          if (!(err instanceof ApiError) || err.code !== "VALIDATION_FAILED" || err.fields.length === 0) throw err;
          const refused = err.fields.map((f) => [localPath(f.path), f.message] as const);
          setServerErrors((prev) => new Map([...prev, ...refused]));
          skipped += refused.length;
          saved = await saveApplication(application.id, draftData(st, problems, new Set(refused.map(([p]) => p))), revisionRef.current);
        }
        revisionRef.current = saved.revision;
        setApplication(saved);
        savedEdits.current = coveredEdits;
        setDirty(edits.current !== coveredEdits);
        setLastSaved(saved.updatedAt);
        setLeftOut(skipped);
        setSaveError(null);
        if (!auto) void message.success(t("founder.savedAt", { time: formatDateTime(saved.updatedAt) }));
      } catch (err) {
        const e = toApiError(err);
        if (e.code === "CONFLICT") setConflict(e);
        else {
          setSaveError(e);
          if (!auto) void message.error(errorText(e));
        }
      } finally {
        savingRef.current = false;
        setSaving(false);
      }
    },
    [application.id, application.status, conflict, form, codeLists, message, t, errorText],
  );

  // Auto-save a changed draft every 30 s.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const timer = setInterval(() => {
      if (edits.current !== savedEdits.current) void saveRef.current(true);
    }, AUTOSAVE_MS);
    return () => {
      clearInterval(timer);
      // Leaving the page within the app: keep what was typed since the last save.
      if (edits.current !== savedEdits.current) void saveRef.current(true);
    };
  }, []);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty || application.status !== "draft") return;
    const warn = (ev: BeforeUnloadEvent) => ev.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty, application.status]);

  useEffect(() => {
    if (scrollRequest === 0) return;
    const first = document.querySelector<HTMLElement>('[data-testid="founder-form"] [data-problem="true"]');
    if (!first) return;
    first.scrollIntoView({ behavior: "smooth", block: "center" });
    first.querySelector<HTMLElement>("input:not([type=hidden]), textarea")?.focus({ preventScroll: true });
  }, [scrollRequest]);

  const submit = async () => {
    if (savingRef.current) return;
    setShowRequired(true);
    const st = stateRef.current;
    const conds = conditionsOf(st);
    const problems = formProblems(form, st, conds, codeLists, true);
    if (problems.size > 0) {
      void message.error(t("founder.fixProblems", { count: problems.size }));
      setScrollRequest((n) => n + 1);
      return;
    }
    savingRef.current = true;
    setSubmitting(true);
    try {
      const coveredEdits = edits.current;
      const submitted = await submitApplication(application.id, submitData(form, st, conds), revisionRef.current);
      revisionRef.current = submitted.revision;
      savedEdits.current = coveredEdits;
      setDirty(false);
      setServerErrors(new Map());
      setApplication(submitted);
      void message.success(t("founder.submittedToast", { number: submitted.number }));
      window.scrollTo({ top: 0 });
    } catch (err) {
      const e = toApiError(err);
      if (e.code === "VALIDATION_FAILED" && e.fields.length) {
        setServerErrors(new Map(e.fields.map((f) => [localPath(f.path), f.message])));
        void message.error(t("founder.fixProblems", { count: e.fields.length }));
        setScrollRequest((n) => n + 1);
      } else if (e.code === "CONFLICT") setConflict(e);
      else void message.error(errorText(e));
    } finally {
      savingRef.current = false;
      setSubmitting(false);
    }
  };

  const counts = useMemo(() => filledCount(form, state, conditions), [form, state, conditions]);
  const shownSections = form.sections.filter((s) => sectionShown(s, conditions));
  const company = typeof state.values.name === "string" ? state.values.name : "";
  const submitted = application.status === "submitted";

  return (
    <section data-testid="founder-form" data-status={application.status}>
      <PageTitle
        extra={
          <Flex gap={8} align="center" wrap>
            <Tag color={submitted ? "green" : "blue"}>{t(submitted ? "applications.statusSubmitted" : "applications.statusDraft")}</Tag>
            <Typography.Text type="secondary">{t("applications.numberIs", { number: application.number })}</Typography.Text>
            <Link to="/applications">{t("founder.backToList")}</Link>
          </Flex>
        }
      >
        {company || text({ zh: form.serviceItem.name, en: form.serviceItem.nameEn })}
      </PageTitle>

      <FormFigures report={form.report} formCount={form.forms.length} filled={counts.filled} applicable={counts.total} serviceItem={form.serviceItem.code} />

      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t("founder.conflictTitle")}
          description={errorText(conflict)}
          action={
            <Button type="primary" onClick={onReload}>
              {t("founder.reload")}
            </Button>
          }
          data-testid="save-conflict"
        />
      )}

      {submitted ? (
        <>
          <Result
            status="success"
            title={t("founder.submittedTitle")}
            subTitle={t("founder.submittedText", { number: application.number, time: formatDateTime(application.submittedAt) })}
            extra={<CaseLinkButton applicationId={application.id} />}
            style={{ background: "#fff", borderRadius: 8, marginBottom: 16, padding: "24px 16px" }}
          />
          <MaterialsCard applicationId={application.id} serviceItem={application.serviceItem} editable={false} />
          <ApplicationSummary form={form} data={application.data} codeLists={codeLists} />
        </>
      ) : (
        <Row gutter={24}>
          <Col xs={24} lg={18}>
            {unplaced.length > 0 && (
              <div data-problem="true">
                <Alert
                  type="error"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title={t("founder.otherProblems")}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {unplaced.map(([p, m]) => (
                        <li key={p} lang="zh-CN">
                          {m}
                        </li>
                      ))}
                    </ul>
                  }
                />
              </div>
            )}
            <Form layout="vertical" component="div" disabled={!editable || submitting} requiredMark>
              {shownSections.map((s) => (
                <SectionView
                  key={s.block.key}
                  section={s}
                  state={state}
                  conditions={conditions}
                  codeLists={codeLists}
                  problemOf={problemOf}
                  people={people}
                  counts={sectionCounts(s, state, conditions)}
                  onChange={onChange}
                  onAddRow={onAddRow}
                  onRemoveRow={onRemoveRow}
                  onAnswer={onAnswer}
                  onFillPerson={onFillPerson}
                />
              ))}
            </Form>
            <MaterialsCard applicationId={application.id} serviceItem={application.serviceItem} editable={editable} />
            <ActionBar
              dirty={dirty}
              saving={saving}
              submitting={submitting}
              lastSaved={lastSaved ?? (application.revision > 1 ? application.updatedAt : null)}
              leftOut={leftOut}
              saveError={saveError ? errorText(saveError) : null}
              disabled={!editable}
              onSave={() => void save(false)}
              onSubmit={() => void submit()}
            />
          </Col>
          <Col xs={0} lg={6}>
            <Anchor
              offsetTop={72}
              targetOffset={80}
              aria-label={t("founder.progressNav")}
              items={shownSections.map((s) => {
                const c = sectionCounts(s, state, conditions);
                const done = c.total > 0 && c.requiredFilled === c.required;
                return {
                  key: s.block.key,
                  href: `#sec-${s.block.key}`,
                  title: (
                    <Flex justify="space-between" gap={8} style={{ whiteSpace: "normal" }}>
                      <span style={{ minWidth: 0 }}>
                        {done && <CheckCircleFilled style={{ color: "#16a34a", marginInlineEnd: 6 }} aria-hidden />}
                        {text(s.block.title)}
                      </span>
                      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap", flex: "none" }}>
                        {c.total > 0 ? t("founder.anchorCount", { filled: c.filled, total: c.total, required: c.required, requiredFilled: c.requiredFilled }) : t("founder.notApplicable")}
                      </Typography.Text>
                    </Flex>
                  ),
                };
              }).concat({ key: "materials", href: "#materials", title: <span>{t("materials.title")}</span> })}
            />
          </Col>
        </Row>
      )}
    </section>
  );
}

/** The bar under the form: save state, 保存草稿 and 提交申请. Sticks to the bottom of the window. */
function ActionBar(props: {
  dirty: boolean;
  saving: boolean;
  submitting: boolean;
  lastSaved: string | null;
  leftOut: number;
  saveError: string | null;
  disabled: boolean;
  onSave: () => void;
  onSubmit: () => void;
}) {
  const { t } = useTranslation();
  const { dirty, saving, submitting, lastSaved, leftOut, saveError, disabled, onSave, onSubmit } = props;
  let status: string;
  if (saving) status = t("founder.saving");
  else if (saveError) status = t("founder.saveFailed", { reason: saveError });
  else if (dirty) status = t("founder.unsaved");
  else if (lastSaved) status = t("founder.savedAt", { time: formatDateTime(lastSaved) });
  else status = t("founder.notSavedYet");
  return (
    <Flex
      align="center"
      justify="space-between"
      gap={12}
      wrap
      style={{ position: "sticky", bottom: 0, zIndex: 5, background: "#fff", border: "1px solid #e5e7eb", borderRadius: 8, padding: "12px 16px", boxShadow: "0 -4px 12px rgba(15,23,42,.06)" }}
    >
      <Flex vertical>
        <Typography.Text type={saveError ? "danger" : "secondary"} data-testid="save-status" aria-live="polite">
          {status}
        </Typography.Text>
        {leftOut > 0 && !saving && (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t("founder.leftOut", { count: leftOut })}
          </Typography.Text>
        )}
      </Flex>
      <Flex gap={8}>
        <Button icon={<SaveOutlined aria-hidden />} loading={saving} disabled={disabled || submitting} onClick={onSave}>
          {t("founder.saveDraft")}
        </Button>
        <Button type="primary" icon={<SendOutlined aria-hidden />} loading={submitting} disabled={disabled || saving} onClick={onSubmit}>
          {t("founder.submit")}
        </Button>
      </Flex>
    </Flex>
  );
}
