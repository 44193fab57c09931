import { CameraOutlined, UploadOutlined } from "@ant-design/icons";
import { Button, Flex, Grid, Typography, Upload, type UploadProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { uploadMaterial } from "../../api/endpoints";
import type { Material } from "../../api/types";
import { toApiError, useErrorText } from "../../lib/errors";

/** What the browser's file picker offers; the server still judges each file by its content. */
export const MATERIAL_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

/**
 * One material's upload button: posts the chosen file as multipart to the
 * application's materials and shows the server's verdict (its field messages)
 * under the button. `testId` lands on the file input itself, so tests can set
 * files on it directly.
 */
export function MaterialUpload(props: {
  applicationId: string;
  materialCode: string;
  testId: string;
  disabled?: boolean;
  /** The button's text; "上传" by default. */
  label?: string;
  /**
   * A second button that opens the phone's camera (a photo of the paper, JPEG); its input is
   * `${testId}-camera`. By default on a phone-sized screen.
   */
  camera?: boolean;
  onUploaded: (m: Material) => void;
}) {
  const { applicationId, materialCode, testId, disabled, label, onUploaded } = props;
  const phone = Grid.useBreakpoint().md === false;
  const camera = props.camera ?? phone;
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const customRequest: UploadProps["customRequest"] = ({ file, onSuccess, onError }) => {
    const blob = file as File;
    setBusy(true);
    setProblems([]);
    uploadMaterial(applicationId, materialCode, blob, blob.name || materialCode).then(
      (m) => {
        setBusy(false);
        onSuccess?.(m);
        onUploaded(m);
      },
      (err: unknown) => {
        const e = toApiError(err);
        setBusy(false);
        // Field messages say what is wrong with this file ("文件：只接受 PDF、JPG、PNG 格式…").
        setProblems(e.fields.length > 0 ? e.fields.map((f) => f.message) : [errorText(e)]);
        onError?.(e);
      },
    );
  };

  // Both buttons post through the same request, one file at a time.
  const upload: UploadProps = { showUploadList: false, multiple: false, disabled: disabled || busy, customRequest };

  return (
    <Flex vertical gap={4} align="flex-start">
      <Flex gap={8} wrap>
        <Upload
          {...upload}
          accept={MATERIAL_ACCEPT}
          data-testid={testId}
          aria-label={t("materials.uploadFor", { code: materialCode })}
        >
          <Button size={camera ? "middle" : "small"} icon={<UploadOutlined aria-hidden />} loading={busy} disabled={disabled}>
            {label ?? t("materials.upload")}
          </Button>
        </Upload>
        {camera && (
          // capture: the phone opens its camera at once instead of asking where the file is.
          <Upload
            {...upload}
            accept="image/jpeg,image/png"
            capture="environment"
            data-testid={`${testId}-camera`}
            aria-label={t("materials.cameraFor", { code: materialCode })}
          >
            <Button icon={<CameraOutlined aria-hidden />} disabled={disabled || busy}>
              {t("materials.camera")}
            </Button>
          </Upload>
        )}
      </Flex>
      {problems.length > 0 && (
        <div role="alert" data-testid={`${testId}-error`}>
          {problems.map((p) => (
            <Typography.Text key={p} type="danger" style={{ display: "block" }} lang="zh-CN">
              {p}
            </Typography.Text>
          ))}
        </div>
      )}
    </Flex>
  );
}
