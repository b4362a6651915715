/** Types the server accepts, decided from the bytes, never from the browser's claim. */
export type SniffedType =
  | 'image/png'
  | 'image/jpeg'
  | 'image/gif'
  | 'image/webp'
  | 'application/pdf'
  | 'text/plain'
  | 'text/csv';

export type SniffResult =
  | { ok: true; type: SniffedType }
  | { ok: false; reason: 'html' | 'svg' | 'binary' | 'empty' };

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) {
    return false;
  }
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

// Markup a browser would render as a document or script when sniffing: refused even inside a
// file that claims to be text, since a download served elsewhere without nosniff could run it.
const markupPattern =
  /<\s*(!doctype|html|head|body|script|iframe|object|embed|style|meta|link|svg|math|xml|\?xml)[\s>/]|<!--/i;

/**
 * Decides the type of an upload from its first bytes; `name` only picks text/csv over
 * text/plain for text content.
 *
 * @example
 * sniffType(pngBytes, 'screenshot.png'); // { ok: true, type: 'image/png' }
 * sniffType(new TextEncoder().encode('<html>'), 'x.png'); // { ok: false, reason: 'html' }
 */
export function sniffType(bytes: Uint8Array, name: string): SniffResult {
  if (bytes.length === 0) {
    return { ok: false, reason: 'empty' };
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { ok: true, type: 'image/png' };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    return { ok: true, type: 'image/jpeg' };
  }
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) {
    return { ok: true, type: 'image/gif' };
  }
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) {
    return { ok: true, type: 'image/webp' };
  }
  if (startsWith(bytes, ascii('%PDF-'))) {
    return { ok: true, type: 'application/pdf' };
  }
  return sniffText(bytes, name);
}

function sniffText(bytes: Uint8Array, name: string): SniffResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'binary' };
  }
  if (hasBinaryControlCharacters(text)) {
    return { ok: false, reason: 'binary' };
  }
  const head = text.slice(0, 4096);
  if (/<\s*svg[\s>]/i.test(head) || (/<\?xml/i.test(head) && /<svg/i.test(text))) {
    return { ok: false, reason: 'svg' };
  }
  if (markupPattern.test(head)) {
    return { ok: false, reason: 'html' };
  }
  return { ok: true, type: /\.csv$/i.test(name) ? 'text/csv' : 'text/plain' };
}

const unsafeNameCharacters = new Set(['"', "'", '<', '>', ':', '*', '?', '|', ';', '%', '\\']);

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

/** Controls (C0, DEL, C1), unpaired surrogates, line and paragraph separators. */
const unsafeNameCharacter = /^[\p{Cc}\p{Cs}\p{Zl}\p{Zp}]$/u;

/** Control characters other than tab, newline, form feed and carriage return mean binary data. */
function hasBinaryControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (isControl(code) && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) {
      return true;
    }
  }
  return false;
}

/** File extension used for the safe download name of each type. */
export function extensionFor(type: SniffedType): string {
  switch (type) {
    case 'image/png':
      return 'png';
    case 'image/jpeg':
      return 'jpg';
    case 'image/gif':
      return 'gif';
    case 'image/webp':
      return 'webp';
    case 'application/pdf':
      return 'pdf';
    case 'text/plain':
      return 'txt';
    case 'text/csv':
      return 'csv';
    default:
      return type satisfies never;
  }
}

/**
 * A file name safe to show and to put in Content-Disposition: no path, no control or quote
 * characters, at most 120 characters, with an extension matching the sniffed type (so that a
 * `report.html` that is really text downloads as `report.html.txt`).
 *
 * @example
 * safeFileName('../../etc/pass"wd.png', 'image/png'); // 'pass_wd.png'
 */
export function safeFileName(name: string, type: SniffedType): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Format characters (bidi overrides such as U+202E, zero-width characters) are invisible and
  // can make `invoice\u202Egnp.exe` read as `invoiceexe.png`: they go. Controls (C0 and C1),
  // unpaired surrogates and line separators become `_`. Cutting by code points keeps a
  // surrogate pair whole.
  let cleaned = [...base.normalize('NFC').replace(/\p{Cf}/gu, '')]
    .map((char) => (unsafeNameCharacter.test(char) || unsafeNameCharacters.has(char) ? '_' : char))
    .join('')
    .replace(/^[.\s]+/, '')
    .trim();
  cleaned = [...cleaned].slice(0, 120).join('').trim();
  if (cleaned === '') {
    cleaned = 'file';
  }
  const extension = extensionFor(type);
  const allowedExtensions: Record<SniffedType, string[]> = {
    'image/png': ['png'],
    'image/jpeg': ['jpg', 'jpeg'],
    'image/gif': ['gif'],
    'image/webp': ['webp'],
    'application/pdf': ['pdf'],
    'text/plain': ['txt', 'log', 'text', 'md'],
    'text/csv': ['csv'],
  };
  const current = /\.([a-z0-9]{1,8})$/i.exec(cleaned)?.[1]?.toLowerCase();
  if (current === undefined || !allowedExtensions[type].includes(current)) {
    cleaned = `${cleaned}.${extension}`;
  }
  return cleaned;
}
