import { Alert, App, Form, Modal, type FormInstance } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { applyFieldErrors, useErrorText } from "../lib/errors";

/**
 * Submitting a create-or-edit form: saving state, the success message, the server's field
 * errors put on their fields (`fields`), anything else kept for the modal's alert.
 */
export function useFormSubmit<V>(form: FormInstance<V>, fields: string[], save: (v: V) => Promise<unknown>, opts: { created: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const onFinish = async (v: V) => {
    setSaving(true);
    setError(null);
    try {
      await save(v);
      void message.success(opts.created ? t("common.created") : t("common.saved"));
      opts.onSaved();
    } catch (err) {
      if (!applyFieldErrors(form, err, fields)) setError(err);
    } finally {
      setSaving(false);
    }
  };
  return { error, setError, saving, onFinish };
}

/** A modal holding one vertical form: OK submits it; an error the fields cannot show stands above them. */
export function FormModal<V>(p: {
  open: boolean;
  title: string;
  /** Create (or save an edit). */
  creating: boolean;
  form: FormInstance<V>;
  name: string;
  saving: boolean;
  error: unknown;
  onFinish: (v: V) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Modal
      open={p.open}
      title={p.title}
      okText={p.creating ? t("common.create") : t("common.save")}
      cancelText={t("common.cancel")}
      onOk={() => p.form.submit()}
      onCancel={p.onClose}
      confirmLoading={p.saving}
      forceRender
    >
      {p.error !== null && <Alert type="error" showIcon title={errorText(p.error)} style={{ marginBottom: 16 }} />}
      <Form<V> form={p.form} layout="vertical" name={p.name} onFinish={p.onFinish}>
        {p.children}
      </Form>
    </Modal>
  );
}
