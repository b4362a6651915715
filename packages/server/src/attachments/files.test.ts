import { describe, expect, it } from 'vitest';
import { contentDisposition } from './files';

describe('contentDisposition', () => {
  it('always downloads, with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('résumé "final".pdf')).toBe(
      `attachment; filename="r_sum_ _final_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf`,
    );
  });

  it('gives an emoji one fallback character, not one per UTF-16 unit', () => {
    expect(contentDisposition('😀😀.png')).toMatch(/^attachment; filename="__\.png";/);
  });
});
