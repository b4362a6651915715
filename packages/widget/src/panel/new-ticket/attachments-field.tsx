import { useSignal } from '@preact/signals';
import type { NewTicketModel } from '../../models/new-ticket';
import { usePanel } from '../context';
import { Button } from '../ui/button';
import { FieldGroup } from '../ui/field';

export interface AttachmentsFieldProps {
  model: NewTicketModel;
  field: string;
  id: string;
  label: string;
  hint?: string | undefined;
  required?: boolean;
  accept?: readonly string[] | undefined;
  error?: string | undefined;
}

/** Files from a picker, a drop or a paste (images copied to the clipboard). */
export function filesFrom(list: FileList | null | undefined): File[] {
  return list ? Array.from(list) : [];
}

/** Attachments of one field: picker, drag-and-drop, paste, screen capture, per-file progress. */
export function AttachmentsField(props: AttachmentsFieldProps) {
  const { t, i18n } = usePanel();
  const { model } = props;
  const dragging = useSignal(false);
  const capturing = useSignal(false);
  const captureFailed = useSignal(false);
  const items = model.uploads.items.value.filter((item) => item.field === props.field);
  const acceptsImages =
    !props.accept?.length || props.accept.some((type) => type.startsWith('image/'));
  const add = (files: File[]) => {
    if (files.length) {
      model.addFiles(props.field, files, props.accept);
    }
  };
  return (
    <FieldGroup
      id={props.id}
      legend={props.label}
      required={props.required}
      hint={props.hint}
      error={props.error}
    >
      {/* Dropping and pasting are shortcuts for pointer users; the picker button does the same
          from the keyboard. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target, not a control. */}
      <div
        class="dropzone"
        data-dragging={dragging.value ? 'true' : undefined}
        onDragOver={(event) => {
          event.preventDefault();
          dragging.value = true;
        }}
        onDragLeave={() => {
          dragging.value = false;
        }}
        onDrop={(event) => {
          event.preventDefault();
          dragging.value = false;
          add(filesFrom(event.dataTransfer?.files));
        }}
        onPaste={(event) => {
          const files = filesFrom(event.clipboardData?.files);
          if (files.length) {
            event.preventDefault();
            event.stopPropagation();
            add(files);
          }
        }}
      >
        <div class="actions">
          <label class="button">
            {t('new.attach.pick')}
            <input
              type="file"
              class="visually-hidden"
              multiple
              accept={props.accept?.join(',')}
              onChange={(event) => {
                add(filesFrom(event.currentTarget.files));
                event.currentTarget.value = '';
              }}
            />
          </label>
          {model.screenCaptureAvailable && acceptsImages ? (
            <Button
              busy={capturing.value}
              onClick={async () => {
                capturing.value = true;
                captureFailed.value = !(await model.captureScreen(props.field));
                capturing.value = false;
              }}
            >
              {capturing.value ? t('new.attach.capturing') : t('new.attach.screenshot')}
            </Button>
          ) : null}
        </div>
        <p class="field-hint">{t('new.attach.drop')}</p>
        {!model.screenCaptureAvailable && acceptsImages ? (
          <p class="field-hint">{t('new.attach.screenshotUnavailable')}</p>
        ) : null}
        {captureFailed.value ? (
          <p class="field-hint" role="status">
            {t('new.attach.captureFailed')}
          </p>
        ) : null}
      </div>
      {items.length ? (
        <ul class="file-list">
          {items.map((item) => (
            <li key={item.localId} class="file-item">
              <span class="file-name">
                {item.name}
                {item.status === 'done' ? (
                  <span class="muted">
                    {' '}
                    ·{' '}
                    {new Intl.NumberFormat(i18n.locale.value, {
                      style: 'unit',
                      unit: 'kilobyte',
                      maximumFractionDigits: 0,
                    }).format(item.size / 1024)}
                  </span>
                ) : null}
              </span>
              {item.status === 'uploading' ? (
                <Button variant="ghost" onClick={() => model.uploads.cancel(item.localId)}>
                  {t('common.cancel')}
                  <span class="visually-hidden"> {item.name}</span>
                </Button>
              ) : (
                <Button variant="ghost" onClick={() => model.uploads.remove(item.localId)}>
                  {t('common.remove')}
                  <span class="visually-hidden"> {item.name}</span>
                </Button>
              )}
              {item.status === 'uploading' ? (
                <progress
                  max={100}
                  value={item.percent}
                  aria-label={t('new.attach.uploading', { name: item.name, percent: item.percent })}
                />
              ) : null}
              {item.status === 'error' && item.error ? (
                <p class="field-error" role="alert">
                  {t(item.error.key, { name: item.name, max: item.error.max ?? '' })}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </FieldGroup>
  );
}
