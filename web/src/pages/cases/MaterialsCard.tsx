import { Card, Flex, Grid, Skeleton, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { getServiceGuide, listMaterials, type ServiceGuide } from "../../api/endpoints";
import type { Material } from "../../api/types";
import { LoadError } from "../../components/LoadError";
import { useLocalText } from "../../lib/locale";
import { useLoader } from "../../lib/useLoader";
import { MaterialFiles, RequirementTag } from "./CaseParts";
import { MaterialUpload } from "./MaterialUpload";

type GuideMaterial = ServiceGuide["materials"][number];

/**
 * 申请材料 on the founder's form: the guide's materials, each with its upload
 * button while the application is a draft; M01 is the form itself (平台生成).
 */
export function MaterialsCard({ applicationId, serviceItem, editable }: { applicationId: string; serviceItem: string; editable: boolean }) {
  const { t } = useTranslation();
  const text = useLocalText();
  const guide = useLoader(() => getServiceGuide(serviceItem), [serviceItem]);
  const uploaded = useLoader(() => listMaterials(applicationId), [applicationId]);

  const filesOf = (code: string): Material[] => (uploaded.data ?? []).filter((m) => m.materialCode === code);
  const missing = (guide.data?.materials ?? []).filter((m) => m.mandatory && !m.generated && filesOf(m.code).length === 0);
  // On a phone each material is a block of its own, its buttons under its name (a table would hide them
  // off-screen to the right); MaterialUpload adds the camera button there by itself.
  const phone = Grid.useBreakpoint().md === false;

  const nameOf = (m: GuideMaterial) => (
    <>
      <div>{text(m.name)}</div>
      {m.note && (
        <Typography.Text type="secondary" style={{ display: "block" }}>
          {text(m.note)}
        </Typography.Text>
      )}
      {m.when && (
        <Typography.Text type="secondary" style={{ display: "block" }}>
          {text(m.when)}
        </Typography.Text>
      )}
    </>
  );
  const filesCell = (m: GuideMaterial) =>
    m.generated ? (
      <Typography.Text type="secondary">{t("materials.generatedHint")}</Typography.Text>
    ) : filesOf(m.code).length > 0 ? (
      <MaterialFiles files={filesOf(m.code)} />
    ) : (
      <Typography.Text type={m.mandatory ? "warning" : "secondary"}>{t("materials.notUploaded")}</Typography.Text>
    );
  // Uploads only while the application is a draft; later ones go through the case's supplement notice.
  const uploadCell = (m: GuideMaterial) =>
    !editable || m.generated ? null : (
      <MaterialUpload
        applicationId={applicationId}
        materialCode={m.code}
        testId={`upload-${m.code}`}
        label={filesOf(m.code).length > 0 ? t("materials.uploadMore") : undefined}
        onUploaded={uploaded.reload}
      />
    );

  return (
    <Card id="materials" title={t("materials.title")} data-testid="materials-card" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t(editable ? "materials.intro" : "materials.introSubmitted")}</Typography.Paragraph>
      {guide.error ? (
        <LoadError error={guide.error} onRetry={guide.reload} />
      ) : uploaded.error ? (
        <LoadError error={uploaded.error} onRetry={uploaded.reload} />
      ) : !guide.data ? (
        <Skeleton active />
      ) : (
        <>
          {phone ? (
            <Flex vertical gap={12} data-testid="materials-list">
              {guide.data.materials.map((m) => (
                <section key={m.code} aria-label={`${m.code} ${text(m.name)}`} data-testid={`material-${m.code}`} style={{ border: "1px solid #e5e7eb", borderRadius: 8, padding: 12 }}>
                  <Flex justify="space-between" align="flex-start" gap={8}>
                    <div style={{ minWidth: 0 }}>
                      <Typography.Text strong>{m.code}</Typography.Text> {nameOf(m)}
                    </div>
                    <RequirementTag material={m} />
                  </Flex>
                  <div style={{ marginTop: 8 }}>{filesCell(m)}</div>
                  {editable && !m.generated && <div style={{ marginTop: 8 }}>{uploadCell(m)}</div>}
                </section>
              ))}
            </Flex>
          ) : (
            <Table<GuideMaterial>
              size="small"
              rowKey="code"
              pagination={false}
              loading={uploaded.loading && !uploaded.data}
              dataSource={guide.data.materials}
              scroll={{ x: 720 }}
              columns={[
                { title: "#", dataIndex: "code", width: 56 },
                { title: t("guide.material"), key: "name", render: (_, m) => nameOf(m) },
                { title: t("guide.required"), key: "required", width: 110, render: (_, m) => <RequirementTag material={m} /> },
                { title: t("materials.files"), key: "files", render: (_, m) => filesCell(m) },
                ...(editable ? [{ title: t("common.actions"), key: "upload", width: 150, render: (_: unknown, m: GuideMaterial) => uploadCell(m) }] : []),
              ]}
            />
          )}
          <Typography.Paragraph type={missing.length > 0 ? "warning" : "success"} style={{ marginTop: 12, marginBottom: 0 }} data-testid="materials-summary">
            {missing.length > 0 ? t("materials.missingSummary", { count: missing.length, codes: missing.map((m) => m.code).join("、") }) : t("materials.allThere")}
            {" "}
            <Typography.Text type="secondary">{t("materials.fileRules")}</Typography.Text>
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}
