import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Attachment } from '@aide/core';
import { ApiError } from '../http/problem';
import type { AttachmentRecord, Store } from '../store/store';
import { safeFileName, sniffType } from './sniff';

// Files live on disk under `<data dir>/attachments/<tenant>/<random>`: the stored name is
// generated, never derived from what the uploader called the file, so no name can escape the
// folder or overwrite another file. Metadata goes to the store.

/** A checked upload written to disk, not yet recorded in the store. */
export interface StagedFile {
  id: string;
  storageKey: string;
  attachment: Attachment;
  /** Removes the bytes again (the store write failed or the request was a replay). */
  discard(): Promise<void>;
}

export function createFileStore(dataDir: string) {
  const root = join(dataDir, 'attachments');

  function pathOf(storageKey: string): string {
    // Storage keys are generated here as `<tenant>/<hex>`; anything else never reaches the disk.
    if (!/^[a-z0-9][a-z0-9_-]{0,63}\/[a-f0-9]{32}$/.test(storageKey)) {
      throw new Error('invalid storage key');
    }
    return join(root, ...storageKey.split('/'));
  }

  /**
   * Checks an uploaded file (size, type from its bytes) and writes it under a generated name.
   *
   * @example
   * const staged = await files.stage('demo', file, 10 * 1024 * 1024);
   */
  async function stage(tenantId: string, file: File, maxBytes: number): Promise<StagedFile> {
    if (file.size > maxBytes) {
      throw new ApiError('payload_too_large', 'File too large', {
        detail: `A file may be at most ${maxBytes} bytes.`,
      });
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sniffed = sniffType(bytes, file.name);
    if (!sniffed.ok) {
      throw new ApiError('unsupported_media_type', 'File type not accepted', {
        detail: refusalDetail(sniffed.reason),
      });
    }
    const storageKey = `${tenantId}/${randomBytes(16).toString('hex')}`;
    const path = pathOf(storageKey);
    await mkdir(join(root, tenantId), { recursive: true, mode: 0o700 });
    // `wx` never overwrites: a collision of 128 random bits fails loudly instead.
    await writeFile(path, bytes, { flag: 'wx', mode: 0o600 });
    const id = `att_${randomBytes(12).toString('base64url')}`;
    return {
      id,
      storageKey,
      attachment: {
        id,
        name: safeFileName(file.name, sniffed.type),
        size: bytes.length,
        type: sniffed.type,
      },
      discard: () => rm(path, { force: true }),
    };
  }

  // Typed as an ArrayBuffer-backed view: a Response body (BodyInit) accepts nothing else.
  async function read(record: AttachmentRecord): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await readFile(pathOf(record.storageKey)));
  }

  async function remove(storageKey: string): Promise<void> {
    await rm(pathOf(storageKey), { force: true });
  }

  return { stage, read, remove };
}

/** Uploads never attached to a ticket are kept this long (a draft may be sent later). */
export const abandonedUploadMs = 24 * 3_600_000;

/**
 * Deletes uploads that were never attached to a ticket within `abandonedUploadMs`: the record
 * first (so a concurrent attach fails cleanly), then the bytes. Returns how many went.
 *
 * @example
 * setInterval(() => purgeAbandonedUploads(store, files, new Date()), 3_600_000);
 */
export async function purgeAbandonedUploads(
  store: Pick<Store, 'listUnlinkedAttachments' | 'deleteAttachment'>,
  files: FileStore,
  now: Date,
): Promise<number> {
  const before = new Date(now.getTime() - abandonedUploadMs);
  let purged = 0;
  for (;;) {
    const batch = await store.listUnlinkedAttachments(before, 200);
    let removed = 0;
    for (const record of batch) {
      if (await store.deleteAttachment(record.tenantId, record.id)) {
        await files.remove(record.storageKey);
        removed += 1;
      }
    }
    purged += removed;
    if (batch.length < 200 || removed === 0) {
      return purged;
    }
  }
}

export type FileStore = ReturnType<typeof createFileStore>;

function refusalDetail(reason: 'html' | 'svg' | 'binary' | 'empty'): string {
  switch (reason) {
    case 'html':
      return 'HTML content is never accepted, whatever the file name says.';
    case 'svg':
      return 'SVG images are not accepted; send PNG, JPEG, GIF or WebP.';
    case 'binary':
      return 'Accepted: images (PNG, JPEG, GIF, WebP), PDF, text, CSV and log files.';
    case 'empty':
      return 'The file is empty.';
    default:
      return reason satisfies never;
  }
}

/** Content-Disposition for a download: always an attachment, ASCII fallback plus UTF-8 name. */
export function contentDisposition(name: string): string {
  // One `_` per character (code point), not per UTF-16 unit: an emoji is one character.
  const ascii = name.replace(/[^\x20-\x7e]/gu, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
