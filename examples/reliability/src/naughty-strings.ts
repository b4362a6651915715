// Text that has broken text handling somewhere: encodings, normalisation, bidirectional text,
// escaping, databases, shells, format functions. Written for this suite; each entry says what
// it probes. None of them is blank, so each is a valid value for any required text field that
// is long enough (the suite cuts them to a field's maximum length).

/** One hostile text and what it probes. */
export interface NaughtyString {
  probe: string;
  text: string;
}

const lowSurrogate = String.fromCharCode(0xdc00);
const highSurrogate = String.fromCharCode(0xd83d);

/** Every naughty string, in a fixed order so that failures are reproducible. */
export const naughtyStrings: readonly NaughtyString[] = [
  { probe: 'accents, composed', text: 'Réinitialiser l’accès de Zoë à l’équipe' },
  { probe: 'accents, decomposed (NFD)', text: 'Re\u0301initialiser l’acce\u0300s de Zoe\u0308' },
  { probe: 'stacked combining marks', text: `Z${'\u0351\u0352\u0357\u0358'.repeat(12)}algo` },
  { probe: 'right-to-left text', text: 'مرحبا، لا أستطيع تسجيل الدخول' },
  { probe: 'mixed bidi with numbers', text: 'Ticket 42 שלום 17 עולם end' },
  { probe: 'right-to-left override', text: 'invoice\u202Efdp.exe' },
  { probe: 'bidi isolates and marks', text: '\u2066abc\u2069\u2067def\u2069\u200E\u200F\u061C' },
  { probe: 'zero-width characters', text: 'pass\u200Bword\u200C\u200D\u2060\uFEFFend' },
  { probe: 'byte order mark first', text: '\uFEFFstarts with a BOM' },
  { probe: 'emoji ZWJ sequences', text: '👩‍👩‍👧‍👦 🏳️‍🌈 👨🏽‍💻 🧑‍🤝‍🧑' },
  { probe: 'regional indicator flags', text: '🇫🇷🇪🇸🇬🇧🇺🇳' },
  { probe: 'astral plane characters', text: '𝕬𝖎𝖉𝖊 𝟘𝟙𝟚 𐍈 🀄 𓀀' },
  { probe: 'CJK and full-width', text: '問題が発生しました ＡＢＣ１２３' },
  { probe: 'Hangul jamo', text: '\u1100\u1161\u11A8 한국어' },
  { probe: 'lone high surrogate', text: `before ${highSurrogate} after` },
  { probe: 'lone low surrogate', text: `before ${lowSurrogate} after` },
  { probe: 'reversed surrogate pair', text: `x${lowSurrogate}${highSurrogate}y` },
  { probe: 'NUL in the middle', text: 'null\u0000byte' },
  {
    probe: 'C0 control characters',
    text: `ctl${String.fromCharCode(1, 2, 7, 8, 11, 12, 27, 31)}end`,
  },
  { probe: 'C1 control characters', text: 'c1\u0080\u0085\u009B\u009Fend' },
  { probe: 'DEL', text: 'del\u007Fchar' },
  { probe: 'line and paragraph separators', text: 'line\u2028sep\u2029para' },
  { probe: 'CRLF and lone CR', text: 'one\r\ntwo\rthree\nfour' },
  { probe: 'tabs and vertical tab', text: 'a\tb\u000Bc' },
  { probe: 'non-breaking and odd spaces', text: 'a\u00A0b\u2007c\u202Fd\u3000e' },
  { probe: 'surrounding blanks', text: '  \t padded text \n ' },
  { probe: 'unicode replacement char', text: 'broken \uFFFD text \uFFFF\uFFFE' },
  { probe: 'private use area', text: '\uE000\uF8FF private' },
  { probe: 'SQL injection', text: "'; DROP TABLE tickets; --" },
  { probe: 'SQL union', text: '1 UNION SELECT secret FROM tenants /*' },
  { probe: 'SQL LIKE wildcards', text: '%_%\\%\\_' },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder is the probe
  { probe: 'shell substitution', text: '$(rm -rf /) `id` ${HOME} && echo pwned | sh' },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder is the probe
  { probe: 'format strings', text: '%s%s%s%n %x %d {0} {{7*7}} ${7*7} #{7*7}' },
  { probe: 'HTML script', text: '<script>alert(1)</script>' },
  { probe: 'HTML attributes', text: '"><img src=x onerror=alert(1)>' },
  { probe: 'HTML entities', text: '&lt;b&gt; &amp;amp; &#x3C;script&#x3E; &nbsp;' },
  { probe: 'markdown link trick', text: '[click](javascript:alert(1)) ![x](data:text/html,x)' },
  { probe: 'JSON looking', text: '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}' },
  { probe: 'prototype keys', text: '__proto__' },
  { probe: 'escapes', text: 'back\\slash \\u0000 \\n "quotes" \'single\'' },
  { probe: 'path traversal', text: '../../../../etc/passwd\\..\\windows' },
  { probe: 'URL encoded', text: '%00%0d%0a%3Cscript%3E%E2%80%AE' },
  { probe: 'numbers and keywords', text: 'NaN' },
  { probe: 'JSON literal', text: 'null' },
  { probe: 'Infinity', text: '-Infinity 1e309 0x1F 9007199254740993' },
  { probe: 'single character', text: 'x' },
  { probe: 'long word without spaces', text: 'ABCDEFGHIJ'.repeat(500) },
  { probe: 'long multi-byte text', text: 'é👩‍💻漢'.repeat(1500) },
  { probe: 'many newlines', text: `start${'\n'.repeat(300)}end` },
];
