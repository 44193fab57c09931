import { Alert, Button, Card, Col, Descriptions, Form, Input, Result, Row, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { FocusHeading } from "../../components/FocusHeading";
import { PageTitle } from "../../components/PageTitle";
import { PublicFrame } from "../../layout/PublicFrame";
import { applyFieldErrors, useErrorText } from "../../lib/errors";
import { NoticeFields, QuestionFields, noticeOf, when } from "./parts";

interface AskValues {
  phone: string;
  name?: string;
  villageCode?: string | null;
  category: string;
  product?: string;
  text: string;
  noticeKind?: "supply" | "demand";
  noticeProduct?: string;
  quantity?: string;
  unit?: string;
  price?: string;
}

/** A question's progress as the farmer sees it (no name, phone or place). */
interface Progress {
  number: string;
  status: "open" | "transferred" | "visit" | "closed";
  waiting: boolean;
  category: string;
  product: string | null;
  text: string;
  createdAt: string;
  expectedAt: string | null;
  solvedAt: string | null;
  answer: string | null;
}

const FIELDS = ["phone", "name", "villageCode", "category", "product", "text"];

/**
 * /12316 (public): a farmer asks 12316 from the web without an account — the question goes to the
 * expert on duty like a call; with the ticket number and the last four digits of their phone they
 * follow its progress and read the answer.
 */
export function AskPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<AskValues>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [number, setNumber] = useState<string | null>(null);
  const [found, setFound] = useState<Progress | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [lookupForm] = Form.useForm<{ number: string; phone4: string }>();
  const category = Form.useWatch("category", form);

  const onFinish = async (v: AskValues) => {
    setSaving(true);
    setError(null);
    try {
      // A supply/demand question carries its offer: 12316 verifies it and may send it by SMS to buyers.
      const body = { phone: v.phone, name: v.name || null, villageCode: v.villageCode || null, category: v.category, product: v.product || null, text: v.text, notice: v.category === "supply_demand" ? noticeOf(v) : null };
      const made = await api<{ number: string }>("/api/public/hotline/requests", { method: "POST", body });
      setNumber(made.number);
    } catch (err) {
      if (!applyFieldErrors(form, err, FIELDS)) setError(err);
    } finally {
      setSaving(false);
    }
  };
  const lookup = async (v: { number: string; phone4: string }) => {
    setLookupError(null);
    setFound(null);
    try {
      setFound(await api<Progress>(`/api/public/hotline/requests/${encodeURIComponent(v.number.trim())}`, { query: { phone4: v.phone4.trim() } }));
    } catch (err) {
      if (!applyFieldErrors(lookupForm, err, ["phone4"])) setLookupError(err);
    }
  };

  return (
    <PublicFrame>
      <section data-testid="ask-page">
        <PageTitle>{t("hotline.ask.title")}</PageTitle>
        <Typography.Paragraph type="secondary">{t("hotline.ask.intro")}</Typography.Paragraph>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Card>
              {number ? (
                <Result status="success" title={<FocusHeading>{t("hotline.ask.done", { number })}</FocusHeading>} subTitle={t("hotline.ask.doneHint")} extra={<Button onClick={() => (form.resetFields(), setNumber(null))}>{t("hotline.ask.another")}</Button>} data-testid="ask-done" />
              ) : (
                <Form<AskValues> form={form} layout="vertical" name="ask" onFinish={onFinish} initialValues={{ category: "production" }}>
                  {error !== null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
                  <Form.Item name="phone" label={t("hotline.tickets.phone")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.phone") }) }]} extra={t("hotline.ask.phoneHint")}>
                    <Input inputMode="tel" data-testid="ask-phone" />
                  </Form.Item>
                  <QuestionFields prefix="ask" />
                  {category === "supply_demand" && <NoticeFields />}
                  <Button type="primary" htmlType="submit" loading={saving} block data-testid="ask-submit">
                    {t("hotline.ask.submit")}
                  </Button>
                </Form>
              )}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t("hotline.ask.progress")}>
              <Form form={lookupForm} layout="vertical" name="progress" onFinish={(v) => void lookup(v)}>
                <Form.Item name="number" label={t("hotline.tickets.number")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.tickets.number") }) }]}>
                  <Input placeholder="12316-2026-000001" data-testid="ask-lookup-number" />
                </Form.Item>
                <Form.Item name="phone4" label={t("hotline.ask.phone4")} rules={[{ required: true, message: t("hotline.duty.required", { label: t("hotline.ask.phone4") }) }]}>
                  <Input inputMode="numeric" maxLength={4} data-testid="ask-lookup-phone4" />
                </Form.Item>
                <Button htmlType="submit" data-testid="ask-lookup">
                  {t("hotline.ask.lookup")}
                </Button>
              </Form>
              {lookupError !== null && <Alert type="warning" showIcon title={errorText(lookupError)} style={{ marginTop: 12 }} />}
              {found && (
                <Descriptions
                  size="small"
                  column={1}
                  style={{ marginTop: 12 }}
                  data-testid="ask-found"
                  items={[
                    { key: "n", label: t("hotline.tickets.number"), children: found.number },
                    {
                      key: "s",
                      label: t("hotline.tickets.statusColumn"),
                      children: (
                        <>
                          <Tag color={found.status === "closed" ? "success" : "processing"}>{t(`hotline.tickets.status.${found.status}`)}</Tag>
                          {found.waiting && <Tag color="gold">{t("hotline.tickets.waiting")}</Tag>}
                        </>
                      ),
                    },
                    { key: "c", label: t("hotline.tickets.category"), children: `${t(`hotline.categories.${found.category}`)}${found.product ? ` · ${found.product}` : ""}` },
                    { key: "d", label: t("hotline.tickets.text"), children: found.text },
                    { key: "t", label: t("hotline.tickets.created"), children: when(found.createdAt) },
                    ...(found.expectedAt ? [{ key: "e", label: t("hotline.ask.expected"), children: when(found.expectedAt) }] : []),
                    ...(found.answer ? [{ key: "a", label: t("hotline.tickets.answer"), children: <span style={{ whiteSpace: "pre-wrap" }}>{found.answer}</span> }] : []),
                  ]}
                />
              )}
            </Card>
          </Col>
        </Row>
      </section>
    </PublicFrame>
  );
}
