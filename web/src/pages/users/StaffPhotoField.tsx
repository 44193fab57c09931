import { UploadOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, App, Avatar, Button, Flex, Form, Typography, Upload } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { staffPhotoUrl, uploadStaffPhoto } from "../../api/endpoints";
import type { User } from "../../api/types";
import { useErrorText } from "../../lib/errors";

const MAX_BYTES = 2 * 1024 * 1024;
const TYPES = ["image/jpeg", "image/png"];

/** The staff photo the window's evaluator shows: the current one and an upload (JPG or PNG, sent as the image itself). */
export function StaffPhotoField({ user, onUploaded }: { user: User; onUploaded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  // The photo is cached by the browser for a day: a new version for each drawer opening and upload.
  const [version, setVersion] = useState(() => Date.now());
  const [broken, setBroken] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [hasPhoto, setHasPhoto] = useState(user.hasPhoto);

  useEffect(() => {
    setHasPhoto(user.hasPhoto);
    setVersion(Date.now());
    setBroken(false);
    setError(null);
  }, [user.id, user.hasPhoto]);

  const upload = async (file: File) => {
    setError(null);
    if (!TYPES.includes(file.type)) return setError(t("desk.users.photoType"));
    if (file.size > MAX_BYTES) return setError(t("desk.users.photoSize"));
    setBusy(true);
    try {
      await uploadStaffPhoto(user.id, file);
      setHasPhoto(true);
      setVersion(Date.now());
      setBroken(false);
      void message.success(t("desk.users.photoUploaded"));
      onUploaded();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const showPhoto = hasPhoto && !broken;
  return (
    <Form.Item label={t("desk.users.photo")} extra={t("desk.users.photoHint")}>
      <Flex gap={16} align="center" data-testid="staff-photo">
        {showPhoto ? (
          <img
            src={staffPhotoUrl(user.id, version)}
            alt={t("desk.users.photo")}
            onError={() => setBroken(true)}
            style={{ width: 72, height: 90, objectFit: "cover", borderRadius: 6, border: "1px solid #e5e7eb" }}
          />
        ) : (
          <Flex vertical align="center" gap={4}>
            <Avatar shape="square" size={72} icon={<UserOutlined aria-hidden />} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("desk.users.noPhoto")}
            </Typography.Text>
          </Flex>
        )}
        <Upload
          accept={TYPES.join(",")}
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined aria-hidden />} loading={busy} data-testid="staff-photo-upload">
            {hasPhoto ? t("desk.users.replacePhoto") : t("desk.users.uploadPhoto")}
          </Button>
        </Upload>
      </Flex>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="staff-photo-error" />}
    </Form.Item>
  );
}
