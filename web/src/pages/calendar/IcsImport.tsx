import { Alert, Button, Flex, Form, Input, Table, Typography } from "antd";
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { previewIcs, saveYear, type IcsImport, type IcsPreview, type SavedYear } from "../../api/calendar";
import type { ApiError } from "../../api/client";
import { FieldErrorsAlert } from "../../components/FieldErrorsAlert";
import { toApiError } from "../../lib/errors";
import { NoticeDays, PreviewDifference } from "./NoticeEntry";

/** Largest file the server takes (its text, 1,000,000 characters). */
const MAX_BYTES = 1_000_000;
/** Paths of the server's field errors that belong to the file. */
const FILE_FIELDS = new Set(["file", "content", "fileName"]);

interface PickedFile {
  name: string;
  content: string;
}

/**
 * 导入 .ics 文件: the file is read as text in the browser and sent for a preview of `year` (the days
 * it gives, the events it skipped, the difference from what is in force); 确认保存 saves it as a new
 * version. A file that is not iCalendar is refused on the file field.
 */
export function IcsImportPanel({ year, onSaved }: { year: number; onSaved: (saved: SavedYear) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [preview, setPreview] = useState<IcsPreview | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<"read" | "save" | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const input = useRef<HTMLInputElement>(null);

  /** Puts the file's problems on the file field, anything else in the alert. */
  const fail = (err: unknown) => {
    const e = toApiError(err);
    const onFile = e.fields.filter((f) => FILE_FIELDS.has(f.path.split(".")[0]!));
    if (onFile.length && onFile.length === e.fields.length) setFileError(onFile.map((f) => f.message).join("；"));
    else setError(e);
  };

  const read = async (picked: PickedFile, forYear: number) => {
    setBusy("read");
    setError(null);
    setFileError(null);
    setPreview(null);
    try {
      setPreview(await previewIcs({ year: forYear, fileName: picked.name, content: picked.content }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  // Another year chosen: the same file is read again for it.
  useEffect(() => {
    setPreview(null);
    if (file) void read(file, year);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [year]);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setPreview(null);
    setError(null);
    if (!f) {
      setFile(null);
      return;
    }
    if (f.size > MAX_BYTES) {
      setFile(null);
      setFileError(t("calendar.ics.tooLarge"));
      return;
    }
    const picked = { name: f.name, content: await f.text() };
    setFile(picked);
    await read(picked, year);
  };

  const save = async () => {
    if (!file || !preview) return;
    setBusy("save");
    setError(null);
    try {
      const saved = await saveYear(preview.year, { source: "ics", fileName: file.name, content: file.content, expectedVersion: preview.current.version, note: note.trim() || undefined });
      setFile(null);
      setPreview(null);
      setNote("");
      if (input.current) input.current.value = "";
      onSaved(saved);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="ics-import">
      <Typography.Paragraph type="secondary">{t("calendar.ics.intro", { year })}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={t("calendar.ics.file")} htmlFor="calendar-ics-file" validateStatus={fileError ? "error" : undefined} help={fileError ?? undefined}>
          <Flex gap={8} wrap align="center">
            <input
              ref={input}
              id="calendar-ics-file"
              type="file"
              accept=".ics,text/calendar"
              onChange={(e) => void pick(e)}
              aria-invalid={fileError ? true : undefined}
              data-testid="ics-file"
            />
            {file && (
              <Button onClick={() => void read(file, year)} loading={busy === "read"} data-testid="ics-reread">
                {t("calendar.ics.reread")}
              </Button>
            )}
          </Flex>
        </Form.Item>
      </Form>
      {error && <FieldErrorsAlert error={error} onClose={() => setError(null)} testId="ics-error" />}
      {preview && file && (
        <Flex vertical gap={16} data-testid="ics-preview">
          <IcsSummary name={file.name} year={preview.year} imported={preview.import} />
          <PreviewDifference year={preview.year} current={preview.current} changes={preview.changes} days={preview.days} testId="ics-changes" />
          <Flex gap={12} wrap align="flex-end">
            <label style={{ flex: "1 1 260px" }}>
              <div style={{ marginBottom: 4 }}>{t("calendar.ics.note")}</div>
              <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="ics-note" />
            </label>
            <Button type="primary" onClick={() => void save()} loading={busy === "save"} data-testid="ics-save">
              {t("calendar.ics.confirm")}
            </Button>
          </Flex>
        </Flex>
      )}
    </div>
  );
}

/** What the file gave: its days, what it skipped, the closures it holds (not saved with the version). */
function IcsSummary({ name, year, imported }: { name: string; year: number; imported: IcsImport }) {
  const { t } = useTranslation();
  const holidays = imported.days.filter((d) => d.kind === "holiday").length;
  return (
    <Flex vertical gap={12}>
      <Alert type="info" showIcon title={t("calendar.ics.summary", { name, year, holidays, makeup: imported.days.length - holidays })} data-testid="ics-summary" />
      {imported.problems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t("calendar.notice.problems")}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {imported.problems.map((p, i) => (
                <li key={i} lang="zh-CN">
                  {p.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <div>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t("calendar.ics.days", { count: imported.days.length })}
        </Typography.Title>
        <NoticeDays days={imported.days} testId="ics-days" />
      </div>
      {imported.skipped.length > 0 && (
        <div>
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t("calendar.ics.skipped", { count: imported.skipped.length })}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(s) => `${s.date}|${s.summary}|${s.reason}`}
            dataSource={imported.skipped}
            pagination={imported.skipped.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            data-testid="ics-skipped"
            scroll={{ x: 480 }}
            columns={[
              { title: t("calendar.notice.date"), dataIndex: "date", width: 110 },
              { title: t("calendar.ics.skippedSummary"), dataIndex: "summary", render: (v: string) => <span lang="zh-CN">{v}</span> },
              { title: t("calendar.ics.skippedReason"), dataIndex: "reason", render: (v: string) => <span lang="zh-CN">{v}</span> },
            ]}
          />
        </div>
      )}
      {imported.closures.length > 0 && (
        <Alert
          type="info"
          data-testid="ics-closures"
          title={t("calendar.ics.closures", { count: imported.closures.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {imported.closures.map((c) => (
                <li key={c.date} lang="zh-CN">
                  {c.date} {c.reason}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Flex>
  );
}
