import { describe, expect, it } from 'vitest';
import { safeFileName, sniffType } from './sniff';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const text = (value: string) => new TextEncoder().encode(value);

describe('sniffType', () => {
  it('recognises each allowed type from its bytes', () => {
    expect(sniffType(png, 'a.bin')).toEqual({ ok: true, type: 'image/png' });
    expect(sniffType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), 'a')).toEqual({
      ok: true,
      type: 'image/jpeg',
    });
    expect(sniffType(text('GIF89a....'), 'a')).toEqual({ ok: true, type: 'image/gif' });
    expect(sniffType(text('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '), 'a')).toEqual({
      ok: true,
      type: 'image/webp',
    });
    expect(sniffType(text('%PDF-1.7\n'), 'a')).toEqual({ ok: true, type: 'application/pdf' });
    expect(sniffType(text('2026-11-23 ERROR boom\n'), 'server.log')).toEqual({
      ok: true,
      type: 'text/plain',
    });
    expect(sniffType(text('a;b\n1;2\n'), 'export.csv')).toEqual({ ok: true, type: 'text/csv' });
  });

  it('refuses HTML whatever the name says, SVG, binaries and empty files', () => {
    expect(sniffType(text('<!DOCTYPE html><p>hi'), 'photo.png')).toEqual({
      ok: false,
      reason: 'html',
    });
    expect(sniffType(text('hello\n<script>alert(1)</script>'), 'notes.txt')).toEqual({
      ok: false,
      reason: 'html',
    });
    expect(sniffType(text('<?xml version="1.0"?><svg xmlns="x"></svg>'), 'a.svg')).toEqual({
      ok: false,
      reason: 'svg',
    });
    expect(sniffType(new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'a.exe')).toEqual({
      ok: false,
      reason: 'binary',
    });
    expect(sniffType(new Uint8Array([]), 'a.txt')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('safeFileName', () => {
  it('drops paths and dangerous characters and forces an extension matching the type', () => {
    expect(safeFileName('../../etc/pass"wd.png', 'image/png')).toBe('pass_wd.png');
    expect(safeFileName('report.html', 'text/plain')).toBe('report.html.txt');
    expect(safeFileName('server.log', 'text/plain')).toBe('server.log');
    expect(safeFileName('...', 'application/pdf')).toBe('file.pdf');
    expect(safeFileName('C:\\Users\\x\\shot.jpeg', 'image/jpeg')).toBe('shot.jpeg');
  });

  it('drops invisible characters that disguise a name, such as a right-to-left override', () => {
    // Shown as "invoiceexe.png" with the override, which hides what the file claims to be.
    expect(safeFileName('invoice\u202Egnp.exe', 'image/png')).toBe('invoicegnp.exe.png');
    expect(safeFileName('\u2067ph\u200Bo\u200Dto\uFEFF\u200F.png', 'image/png')).toBe('photo.png');
  });

  it('replaces C1 controls, unpaired surrogates and line separators', () => {
    expect(safeFileName('a\u0085b\u009bc\u2028d\u2029e.png', 'image/png')).toBe('a_b_c_d_e.png');
    expect(safeFileName('half\ud800.png', 'image/png')).toBe('half_.png');
  });

  it('cuts a long name between characters, never inside a surrogate pair', () => {
    const name = safeFileName(`${'a'.repeat(119)}😀😀.png`, 'image/png');
    expect(name).toBe(`${'a'.repeat(119)}😀.png`);
    expect(() => encodeURIComponent(name)).not.toThrow();
  });
});
