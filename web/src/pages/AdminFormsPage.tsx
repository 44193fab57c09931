import { CopyOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Drawer, Flex, Form, Input, Skeleton, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { getFormVersion, listFormVersions, uploadFormVersion } from "../api/endpoints";
import type { FormVersion, UnifiedFormView } from "../api/types";
import { LoadError } from "../components/LoadError";
import { PageTitle } from "../components/PageTitle";
import { ReductionHeadline, ReductionReportTable, useDepartmentLabel } from "../components/ReductionReportTable";
import { useErrorText } from "../lib/errors";
import { formatDateTime } from "../lib/format";
import { useLocalName, useLocalText } from "../lib/locale";
import { useLoader } from "../lib/useLoader";
import { useOrg } from "../org/OrgContext";

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

/** /admin/forms: the departments' form versions, each readable as JSON, and the upload of a new version. */
export function AdminFormsPage() {
  const { t } = useTranslation();
  const text = useLocalText();
  const localName = useLocalName();
  const departmentLabel = useDepartmentLabel();
  const org = useOrg().data;
  const list = useLoader(listFormVersions, []);
  const [viewing, setViewing] = useState<FormVersion | null>(null);
  const [draft, setDraft] = useState("");

  if (list.error?.code === "FORBIDDEN") return <LoadError error={list.error} />;

  const versions = [...(list.data ?? [])].sort((a, b) => a.code.localeCompare(b.code) || b.version - a.version);
  const departmentName = (code: string) => {
    const d = org?.departments.find((x) => x.code === code);
    return d ? localName(d) : departmentLabel(code);
  };

  return (
    <section data-testid="admin-forms-page">
      <PageTitle>{t("adminForms.title")}</PageTitle>
      <Typography.Paragraph type="secondary">{t("adminForms.intro")}</Typography.Paragraph>
      <Card title={t("adminForms.versions")} style={{ marginBottom: 16 }}>
        {list.error && <LoadError error={list.error} onRetry={list.reload} />}
        <Table<FormVersion>
          rowKey={(v) => `${v.code}@${v.version}`}
          size="middle"
          loading={list.loading}
          dataSource={versions}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: t("adminForms.code"), dataIndex: "code", render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
            { title: t("adminForms.department"), dataIndex: "department", width: 200, render: (d: string) => `${departmentName(d)}（${d}）` },
            { title: t("adminForms.formTitle"), key: "title", render: (_, v) => text(v.title) },
            { title: t("adminForms.version"), dataIndex: "version", width: 70, align: "right" },
            { title: t("adminForms.fieldCount"), dataIndex: "fieldCount", width: 80, align: "right" },
            { title: t("adminForms.createdAt"), dataIndex: "createdAt", width: 170, render: (v: string) => formatDateTime(v) },
            {
              title: t("common.actions"),
              key: "view",
              width: 110,
              fixed: "right",
              render: (_, v) => (
                <Button type="link" size="small" onClick={() => setViewing(v)}>
                  {t("adminForms.viewJson")}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <UploadCard text={draft} setText={setDraft} onUploaded={list.reload} />
      <JsonDrawer
        version={viewing}
        onClose={() => setViewing(null)}
        onStartFrom={(json) => {
          setDraft(json);
          setViewing(null);
          document.getElementById("form-upload")?.scrollIntoView({ behavior: "smooth" });
        }}
      />
    </section>
  );
}

/** One stored version as read-only JSON, with a way to start the next version from it. */
function JsonDrawer({ version, onClose, onStartFrom }: { version: FormVersion | null; onClose: () => void; onStartFrom: (json: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const loaded = useLoader(() => (version ? getFormVersion(version.code, version.version) : Promise.resolve(undefined)), [version?.code, version?.version]);
  const json = loaded.data ? JSON.stringify(loaded.data, null, 2) : "";
  return (
    <Drawer
      open={version !== null}
      onClose={onClose}
      size={760}
      title={version ? t("adminForms.jsonTitle", { code: version.code, version: version.version }) : ""}
      extra={
        <Flex gap={8}>
          <Button
            icon={<CopyOutlined aria-hidden />}
            disabled={!json}
            onClick={() => {
              void navigator.clipboard?.writeText(json).then(() => message.success(t("adminForms.copied")));
            }}
          >
            {t("adminForms.copy")}
          </Button>
          <Button
            type="primary"
            disabled={!loaded.data}
            onClick={() => loaded.data && onStartFrom(JSON.stringify({ ...loaded.data, version: loaded.data.version + 1 }, null, 2))}
          >
            {t("adminForms.startFrom")}
          </Button>
        </Flex>
      }
    >
      {loaded.error ? (
        <LoadError error={loaded.error} onRetry={loaded.reload} />
      ) : loaded.loading || !loaded.data ? (
        <Skeleton active paragraph={{ rows: 16 }} />
      ) : (
        <pre
          data-testid="form-json"
          style={{ fontFamily: MONO, fontSize: 12, lineHeight: 1.5, background: "#0f172a", color: "#e2e8f0", padding: 16, borderRadius: 8, overflow: "auto", margin: 0 }}
        >
          {json}
        </pre>
      )}
    </Drawer>
  );
}

/** Paste or pick a form definition (JSON) and upload it as the next version. */
function UploadCard({ text, setText, onUploaded }: { text: string; setText: (s: string) => void; onUploaded: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [parseError, setParseError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<UnifiedFormView | null>(null);
  const [uploading, setUploading] = useState(false);

  const upload = async () => {
    setParseError(null);
    setError(null);
    setResult(null);
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch (err) {
      setParseError((err as Error).message);
      return;
    }
    setUploading(true);
    try {
      const unified = await uploadFormVersion(definition);
      setResult(unified);
      void message.success(t("adminForms.uploaded"));
      onUploaded();
    } catch (err) {
      setError(err);
    } finally {
      setUploading(false);
    }
  };

  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <Card id="form-upload" title={t("adminForms.uploadTitle")} data-testid="form-upload">
      <Typography.Paragraph type="secondary">{t("adminForms.uploadHint")}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={t("adminForms.definition")} htmlFor="form-definition">
          <Input.TextArea
            id="form-definition"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 10, maxRows: 28 }}
            spellCheck={false}
            placeholder='{ "code": "QTS-orgcode-application", "department": "QTS", "version": 2, … }'
            style={{ fontFamily: MONO, fontSize: 12 }}
          />
        </Form.Item>
      </Form>
      <Flex gap={8} wrap>
        <Upload
          accept=".json,application/json"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((content) => {
              setText(content);
              setParseError(null);
            });
            // Read in the browser only; the upload is the JSON sent below.
            return false;
          }}
        >
          <Button icon={<UploadOutlined aria-hidden />}>{t("adminForms.pickFile")}</Button>
        </Upload>
        <Button type="primary" loading={uploading} disabled={!text.trim()} onClick={() => void upload()}>
          {t("adminForms.upload")}
        </Button>
      </Flex>
      {parseError && <Alert style={{ marginTop: 16 }} type="error" showIcon role="alert" title={t("adminForms.badJson")} description={parseError} />}
      {error !== null && (
        <Alert
          style={{ marginTop: 16 }}
          type="error"
          showIcon
          role="alert"
          title={errorText(error)}
          data-testid="upload-errors"
          description={
            fields.length > 0 && (
              <ul style={{ margin: "8px 0 0", paddingInlineStart: 20 }}>
                {fields.map((f, i) => (
                  <li key={`${f.path}:${i}`} style={{ padding: "2px 0" }}>
                    <Typography.Text code>{f.path}</Typography.Text> <span lang="zh-CN">{f.message}</span>
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
      {result && (
        <div style={{ marginTop: 16 }} data-testid="upload-result">
          <Alert type="success" showIcon title={t("adminForms.uploaded")} style={{ marginBottom: 12 }} />
          <ReductionHeadline report={result.report} formCount={result.forms.length} />
          <div style={{ marginTop: 12 }}>
            <ReductionReportTable report={result.report} forms={result.forms} />
          </div>
        </div>
      )}
    </Card>
  );
}
