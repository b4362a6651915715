import type { Attachment } from '@aide/core';
import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { AideClient } from './client';
import type { Disposable } from './scope';

/** Largest file the widget tries to send; the server enforces its own limit again. */
export const maxUploadBytes = 10 * 1024 * 1024;

export type UploadStatus = 'uploading' | 'done' | 'error';

export interface UploadItem {
  localId: string;
  /** The form field the file belongs to (`attachments`, or a category field like `screenshot`). */
  field: string;
  name: string;
  size: number;
  status: UploadStatus;
  /** 0 to 100. */
  percent: number;
  /** Widget string key and parameters of the error, when status is `error`. */
  error?: { key: 'new.attach.tooBig' | 'new.attach.badType' | 'new.attach.failed'; max?: string };
  attachment?: Attachment;
}

/** Whether a MIME type matches `<input accept>`-style patterns (`image/*`, `application/pdf`). */
export function acceptsType(accept: readonly string[] | undefined, type: string): boolean {
  if (!accept || accept.length === 0) {
    return true;
  }
  const actual = type.toLowerCase();
  return accept.some((pattern) => {
    const wanted = pattern.toLowerCase().trim();
    return wanted.endsWith('/*') ? actual.startsWith(wanted.slice(0, -1)) : actual === wanted;
  });
}

export function formatBytes(bytes: number, locale: string): string {
  const megabytes = bytes / (1024 * 1024);
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(megabytes)} Mo`;
}

export interface UploadsModel extends Disposable {
  readonly items: ReadonlySignal<UploadItem[]>;
  readonly busy: ReadonlySignal<boolean>;
  add(field: string, files: readonly File[], accept?: readonly string[]): void;
  cancel(localId: string): void;
  remove(localId: string): void;
  /** Ids of the uploaded files of one field, in the order they were added. */
  ids(field: string): string[];
  /** Restores uploads saved with a draft (already on the server). */
  restore(items: readonly { field: string; attachment: Attachment }[]): void;
  clear(): void;
}

/** Attachments of the form being written: each file is uploaded as soon as it is added. */
export function createUploadsModel(deps: {
  client: AideClient;
  locale: () => string;
}): UploadsModel {
  const items = signal<UploadItem[]>([]);
  const controllers = new Map<string, AbortController>();
  let sequence = 0;

  const update = (localId: string, change: Partial<UploadItem>) => {
    items.value = items.value.map((item) =>
      item.localId === localId ? { ...item, ...change } : item,
    );
  };

  const upload = async (item: UploadItem, file: File) => {
    const controller = new AbortController();
    controllers.set(item.localId, controller);
    try {
      const attachment = await deps.client.uploadAttachment(file, {
        signal: controller.signal,
        onProgress: ({ loaded, total }) => {
          update(item.localId, { percent: total > 0 ? Math.round((loaded / total) * 100) : 0 });
        },
      });
      update(item.localId, { status: 'done', percent: 100, attachment });
    } catch {
      if (!controller.signal.aborted) {
        update(item.localId, { status: 'error', error: { key: 'new.attach.failed' } });
      }
    } finally {
      controllers.delete(item.localId);
    }
  };

  return {
    items,
    busy: computed(() => items.value.some((item) => item.status === 'uploading')),
    add(field, files, accept) {
      const added: [UploadItem, File][] = [];
      for (const file of files) {
        const item: UploadItem = {
          localId: `upload-${++sequence}`,
          field,
          name: file.name || 'capture.png',
          size: file.size,
          status: 'uploading',
          percent: 0,
        };
        if (file.size > maxUploadBytes) {
          item.status = 'error';
          item.error = {
            key: 'new.attach.tooBig',
            max: formatBytes(maxUploadBytes, deps.locale()),
          };
        } else if (!acceptsType(accept, file.type)) {
          item.status = 'error';
          item.error = { key: 'new.attach.badType' };
        }
        added.push([item, file]);
      }
      items.value = [...items.value, ...added.map(([item]) => item)];
      for (const [item, file] of added) {
        if (item.status === 'uploading') {
          void upload(item, file);
        }
      }
    },
    cancel(localId) {
      controllers.get(localId)?.abort();
      items.value = items.value.filter((item) => item.localId !== localId);
    },
    remove(localId) {
      controllers.get(localId)?.abort();
      items.value = items.value.filter((item) => item.localId !== localId);
    },
    ids(field) {
      return items.value
        .filter((item) => item.field === field && item.status === 'done' && item.attachment)
        .map((item) => item.attachment?.id ?? '');
    },
    restore(saved) {
      items.value = saved.map(({ field, attachment }) => ({
        localId: `upload-${++sequence}`,
        field,
        name: attachment.name,
        size: attachment.size,
        status: 'done',
        percent: 100,
        attachment,
      }));
    },
    clear() {
      for (const controller of controllers.values()) {
        controller.abort();
      }
      items.value = [];
    },
    dispose() {
      for (const controller of controllers.values()) {
        controller.abort();
      }
      controllers.clear();
    },
  };
}
