import { CameraOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, List, Select, Tag, Typography, Upload, type UploadFile } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { addEventPhoto, editEvent, listEvents, logEvent, myTeams, type OutreachEvent } from "../../api/outreach";
import { LoadError } from "../../components/LoadError";
import { applyFieldErrors, useErrorText } from "../../lib/errors";
import { useLoader } from "../../lib/useLoader";
import { VillagePicker } from "../hotline/parts";
import { STATUS_COLOR } from "./parts";
import { fitPhoto } from "./photos";
import { serverTodayDayjs } from "../../lib/serverTime";

interface Values {
  teamId: string;
  date: Dayjs;
  placeCode: string;
  address?: string;
  activity: string;
  problemsSolved: number;
  peopleServed: number;
}

/** The entry's id on this phone: kept until it is logged, so a retry after a dropped connection is the same entry. */
const CLIENT_KEY = "yc.outreach.clientId";
const newClientId = () => {
  const id = crypto.randomUUID();
  try {
    localStorage.setItem(CLIENT_KEY, id);
  } catch {
    // Not kept across a reload; a retry from this page still reuses it.
  }
  return id;
};
const storedClientId = () => {
  try {
    return localStorage.getItem(CLIENT_KEY);
  } catch {
    return null;
  }
};

/**
 * /outreach/log: a team leader logs an outreach event from a phone at the place: date, place by
 * name, what was done, problems solved, people served, photos from the camera. A returned event
 * is corrected here and submitted again.
 */
export function LogEventPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const teams = useLoader(myTeams, []);
  const [round, setRound] = useState(0);
  const recent = useLoader(() => listEvents({ limit: 10 }), [round]);
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [saving, setSaving] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<OutreachEvent | null>(null);
  const [clientId, setClientId] = useState(() => storedClientId() ?? newClientId());
  // The event this entry saved, while some of its photos are still to go; and the photos already sent (by upload id).
  const [saved, setSaved] = useState<OutreachEvent | null>(null);
  const sent = useRef(new Map<string, string>());
  const today = serverTodayDayjs();

  useEffect(() => {
    if (teams.data?.length && !form.getFieldValue("teamId")) form.setFieldValue("teamId", teams.data[0]!.id);
  }, [teams.data, form]);

  const reset = () => {
    form.resetFields(["date", "placeCode", "address", "activity", "problemsSolved", "peopleServed"]);
    setPhotos([]);
    setEditing(null);
    setSaved(null);
    sent.current = new Map();
    setClientId(newClientId());
  };

  const onFinish = async (v: Values) => {
    setSaving(true);
    setError(null);
    const fields = { date: v.date.format("YYYY-MM-DD"), placeCode: v.placeCode, address: v.address?.trim() || null, activity: v.activity, problemsSolved: v.problemsSolved, peopleServed: v.peopleServed };
    let event = saved;
    try {
      // Saved already (a photo failed last time): only the photos not yet sent go now.
      if (!event) {
        event = editing ? await editEvent(editing.id, { ...fields, revision: editing.revision }) : await logEvent({ ...fields, teamId: v.teamId, clientId });
        setSaved(event);
      }
      const todo = photos.filter((p) => p.originFileObj && !sent.current.has(p.uid));
      for (let i = 0; i < todo.length; i++) {
        const p = todo[i]!;
        setProgress(t("outreach.log.uploading", { done: i + 1, total: todo.length }));
        const photo = await addEventPhoto(event.id, await fitPhoto(p.originFileObj!));
        sent.current.set(p.uid, photo.id);
        setPhotos((list) => list.map((x) => (x.uid === p.uid ? { ...x, status: "done" } : x)));
      }
      void message.success(t("outreach.log.saved"));
      reset();
      setRound((r) => r + 1);
    } catch (err) {
      if (event) {
        // The event is kept; say so, show it in the list, and mark which photos did not go.
        setPhotos((list) => list.map((x) => (sent.current.has(x.uid) ? { ...x, status: "done" } : { ...x, status: "error" })));
        setRound((r) => r + 1);
      } else applyFieldErrors(form, err, ["date", "placeCode", "address", "activity", "problemsSolved", "peopleServed"]);
      setError(err);
    } finally {
      setSaving(false);
      setProgress(null);
    }
  };

  if (teams.error) return <LoadError error={teams.error} onRetry={teams.reload} />;
  const required = (label: string) => [{ required: true, message: t("outreach.log.required", { label }) }];
  return (
    <section data-testid="log-event-page" style={{ maxWidth: 560, margin: "0 auto" }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {editing ? t("outreach.log.resubmit") : t("outreach.log.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("outreach.log.intro")}</Typography.Paragraph>
      {teams.data && teams.data.length === 0 && <Alert type="warning" showIcon title={t("outreach.log.noTeam")} />}
      {teams.data && teams.data.length > 0 && (
        <Card size="small" style={{ marginBottom: 16 }}>
          {saved && (
            <Alert
              type="warning"
              showIcon
              title={t("outreach.log.savedPhotosLeft", { sent: sent.current.size, left: photos.filter((p) => !sent.current.has(p.uid)).length })}
              style={{ marginBottom: 12 }}
              data-testid="log-saved-partly"
            />
          )}
          {error !== null && <Alert type="error" showIcon title={(error as { status?: number }).status === 0 ? t("outreach.log.offline") : errorText(error)} style={{ marginBottom: 12 }} data-testid="log-error" />}
          {editing?.returnReason && <Alert type="warning" showIcon title={editing.returnReason} style={{ marginBottom: 12 }} />}
          <Form<Values> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} initialValues={{ date: today, problemsSolved: 0, peopleServed: 1 }} size="large">
            <Form.Item name="teamId" label={t("outreach.log.team")} hidden={teams.data.length === 1}>
              <Select options={teams.data.map((x) => ({ value: x.id, label: x.name }))} disabled={!!editing} data-testid="log-team" />
            </Form.Item>
            {teams.data.length === 1 && (
              <Typography.Paragraph strong data-testid="log-team-name">
                {teams.data[0]!.name}
              </Typography.Paragraph>
            )}
            <Form.Item name="date" label={t("outreach.log.date")} rules={required(t("outreach.log.date"))}>
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(today, "day") || d.isBefore(today.subtract(60, "day"), "day")} inputReadOnly data-testid="log-date" />
            </Form.Item>
            <Form.Item name="placeCode" label={t("outreach.log.place")} extra={t("outreach.log.placeHint")} rules={required(t("outreach.log.place"))}>
              <VillagePicker testId="log-place" initial={editing ? { code: editing.placeCode, level: editing.placeCode.length === 12 ? "village" : "town", name: editing.place ?? editing.placeCode, countyCode: editing.placeCode.slice(0, 6), path: ["", "", (editing.place ?? "").replace(/^浙江省嘉兴市/, "")], fullName: editing.place ?? "" } : null} />
            </Form.Item>
            <Form.Item name="address" label={t("outreach.log.address")}>
              <Input data-testid="log-address" />
            </Form.Item>
            <Form.Item name="activity" label={t("outreach.log.activity")} rules={required(t("outreach.log.activity"))}>
              <Input.TextArea rows={3} placeholder={t("outreach.log.activityPlaceholder")} maxLength={500} showCount data-testid="log-activity" />
            </Form.Item>
            <Flex gap={12}>
              <Form.Item name="problemsSolved" label={t("outreach.log.problems")} rules={required(t("outreach.log.problems"))} style={{ flex: 1 }}>
                <InputNumber min={0} precision={0} inputMode="numeric" style={{ width: "100%" }} data-testid="log-problems" />
              </Form.Item>
              <Form.Item name="peopleServed" label={t("outreach.log.people")} rules={required(t("outreach.log.people"))} style={{ flex: 1 }}>
                <InputNumber min={1} precision={0} inputMode="numeric" style={{ width: "100%" }} data-testid="log-people" />
              </Form.Item>
            </Flex>
            <Form.Item label={t("outreach.log.photos")}>
              <Upload
                accept="image/jpeg,image/png"
                capture="environment"
                multiple
                listType="picture-card"
                fileList={photos}
                beforeUpload={() => false}
                onChange={({ fileList }) => setPhotos(fileList.slice(0, 9))}
                // A photo already sent stays with the event (remove it there, not here).
                onRemove={(f) => !sent.current.has(f.uid)}
                data-testid="log-photos"
              >
                {photos.length < 9 && (
                  <Flex vertical align="center">
                    <CameraOutlined aria-hidden style={{ fontSize: 20 }} />
                    <span style={{ fontSize: 12 }}>{t("outreach.log.addPhoto")}</span>
                  </Flex>
                )}
              </Upload>
            </Form.Item>
            {progress && <Typography.Paragraph type="secondary">{progress}</Typography.Paragraph>}
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" block loading={saving} data-testid="log-submit">
                {saved ? t("outreach.log.retryPhotos") : t("outreach.log.submit")}
              </Button>
              {(editing || saved) && <Button onClick={reset}>{saved ? t("outreach.log.done") : t("common.cancel")}</Button>}
            </Flex>
          </Form>
        </Card>
      )}
      <Typography.Title level={5}>{t("outreach.log.mine")}</Typography.Title>
      {recent.data && recent.data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      <List
        loading={recent.loading && !recent.data}
        dataSource={recent.data?.items ?? []}
        data-testid="log-recent"
        renderItem={(e) => (
          <List.Item
            actions={
              e.status !== "confirmed"
                ? [
                    <Button
                      key="edit"
                      size="small"
                      onClick={() => {
                        setEditing(e);
                        form.setFieldsValue({ teamId: e.team.id, date: dayjs(e.date), placeCode: e.placeCode, address: e.address ?? undefined, activity: e.activity, problemsSolved: e.problemsSolved, peopleServed: e.peopleServed });
                        window.scrollTo({ top: 0, behavior: "smooth" });
                      }}
                      data-testid="log-edit"
                    >
                      {t("common.edit")}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Flex gap={8} wrap>
                  <span>{e.date}</span>
                  <Tag color={STATUS_COLOR[e.status]} data-testid="log-status">
                    {t(`outreach.events.status.${e.status}`)}
                  </Tag>
                </Flex>
              }
              description={
                <>
                  <div>{e.activity}</div>
                  <Typography.Text type="secondary">
                    {e.place} · {t("outreach.events.problems")} {e.problemsSolved} · {t("outreach.events.people")} {e.peopleServed}
                  </Typography.Text>
                  {e.status === "returned" && e.returnReason && (
                    <div>
                      <Typography.Text type="warning">{e.returnReason}</Typography.Text>
                    </div>
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
    </section>
  );
}
