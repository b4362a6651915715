import { type ComponentChild, h } from 'preact';

// A small Markdown subset rendered straight to Preact VNodes. Nothing here ever builds an HTML
// string: text only reaches the DOM as text nodes, so raw HTML in a message stays visible text
// and there is no parser round trip for mXSS to exploit. Every scan is linear (no regex that can
// backtrack over the input, failed delimiter searches are remembered), so hostile input of any
// size renders in linear time.

type Node = ComponentChild;

/** Blockquotes, lists and emphasis deeper than this are rendered as plain text. */
const maxDepth = 8;
/** Longest URL accepted in a link; longer ones are left as text. */
const maxUrl = 2048;
const linkRel = 'noopener noreferrer nofollow';

function isSpace(char: string | undefined): boolean {
  return char === undefined || char === ' ' || char === '\t' || char === '\n';
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

function isAsciiPunctuation(char: string | undefined): boolean {
  return char !== undefined && /^[!-/:-@[-`{-~]$/.test(char);
}

/**
 * The URL to put in `href`, or null when the link must stay text. Only absolute `https:` (with a
 * host) and `mailto:` URLs pass; any whitespace or control character rejects the URL outright,
 * since that is how obfuscated schemes (`java\tscript:`) slip past naive checks.
 *
 * @example
 * safeHref('https://example.com/a b'); // null
 * safeHref('HTTPS://example.com/'); // 'https://example.com/'
 * safeHref('javascript:alert(1)'); // null
 */
export function safeHref(raw: string): string | null {
  if (raw.length === 0 || raw.length > maxUrl) {
    return null;
  }
  for (let index = 0; index < raw.length; index++) {
    const code = raw.charCodeAt(index);
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f)) {
      return null;
    }
  }
  const lower = raw.slice(0, 8).toLowerCase();
  if (!lower.startsWith('https://') && !lower.startsWith('mailto:')) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'https:' && url.hostname !== '') {
    return url.href;
  }
  if (url.protocol === 'mailto:' && url.pathname !== '') {
    return url.href;
  }
  return null;
}

const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};
const entityPattern = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos|nbsp));/y;

function decodeEntityAt(source: string, index: number): [text: string, length: number] | null {
  entityPattern.lastIndex = index;
  const match = entityPattern.exec(source);
  if (!match) {
    return null;
  }
  const [whole, decimal, hex, name] = match;
  if (name !== undefined) {
    return [namedEntities[name] ?? whole, whole.length];
  }
  const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
  const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return [valid ? String.fromCodePoint(code) : '\ufffd', whole.length];
}

function link(href: string, children: Node): Node {
  return h('a', { href, target: '_blank', rel: linkRel }, children);
}

/** Length of the run of `char` starting at `index`. */
function runLength(source: string, index: number, char: string): number {
  let end = index;
  while (source[end] === char) {
    end++;
  }
  return end - index;
}

/** For each `[`, the index of its matching `]` (or -1), found with one stack pass. */
function matchBrackets(source: string): Int32Array {
  const match = new Int32Array(source.length).fill(-1);
  const stack: number[] = [];
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') {
      index++;
    } else if (char === '[') {
      stack.push(index);
    } else if (char === ']') {
      const open = stack.pop();
      if (open !== undefined) {
        match[open] = index;
      }
    }
  }
  return match;
}

/** End of a link destination and title starting after `(`, or null when it is not one. */
function parseDestination(source: string, start: number): { url: string; end: number } | null {
  let index = start;
  const limit = Math.min(source.length, start + maxUrl + 256);
  while (source[index] === ' ') {
    index++;
  }
  let url = '';
  if (source[index] === '<') {
    const close = source.indexOf('>', index);
    if (close < 0 || close > limit) {
      return null;
    }
    url = source.slice(index + 1, close);
    index = close + 1;
  } else {
    let depth = 0;
    const begin = index;
    while (index < limit) {
      const char = source[index];
      if (char === undefined || char === ' ' || char === '\n') {
        break;
      }
      if (char === '(') {
        depth++;
      } else if (char === ')') {
        if (depth === 0) {
          break;
        }
        depth--;
      }
      index++;
    }
    url = source.slice(begin, index);
  }
  while (source[index] === ' ') {
    index++;
  }
  const quote = source[index];
  if (quote === '"' || quote === "'") {
    const close = source.indexOf(quote, index + 1);
    if (close < 0 || close > limit) {
      return null;
    }
    index = close + 1;
    while (source[index] === ' ') {
      index++;
    }
  }
  return source[index] === ')' ? { url, end: index + 1 } : null;
}

/** A bare `https://` URL at `index`, trailing punctuation left out, or null. */
function bareUrlAt(source: string, index: number): string | null {
  if (
    source.slice(index, index + 8).toLowerCase() !== 'https://' ||
    isWordChar(source[index - 1])
  ) {
    return null;
  }
  let end = index + 8;
  const limit = Math.min(source.length, index + maxUrl);
  while (end < limit && !isSpace(source[end]) && source[end] !== '<') {
    end++;
  }
  while (end > index + 8 && '.,:;!?*_~\'")]'.includes(source[end - 1] ?? '')) {
    end--;
  }
  return source.slice(index, end);
}

/** Parses inline Markdown (code, emphasis, links, autolinks, breaks, entities) to VNodes. */
function parseInline(source: string, depth: number, allowLinks: boolean): Node[] {
  const out: Node[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') {
      out.push(text);
      text = '';
    }
  };
  // Delimiter → the position after which a search for its closer already failed.
  const noCloserAfter = new Map<string, number>();
  let brackets: Int32Array | undefined;
  // Backtick runs by length, found in one pass: a code span closes at the next run of the same
  // length, and searching for it run by run would be quadratic with many distinct lengths.
  let backtickRuns: Map<number, number[]> | undefined;
  const backtickCursor = new Map<number, number>();

  const findBacktickCloser = (length: number, from: number): number => {
    if (!backtickRuns) {
      backtickRuns = new Map();
      for (let index = source.indexOf('`'); index >= 0; ) {
        const run = runLength(source, index, '`');
        const list = backtickRuns.get(run) ?? [];
        list.push(index);
        backtickRuns.set(run, list);
        index = source.indexOf('`', index + run);
      }
    }
    const list = backtickRuns.get(length) ?? [];
    let cursor = backtickCursor.get(length) ?? 0;
    while (cursor < list.length && (list[cursor] ?? 0) < from) {
      cursor++;
    }
    backtickCursor.set(length, cursor);
    return list[cursor] ?? -1;
  };

  const findCloser = (delimiter: string, from: number): number => {
    const failedAt = noCloserAfter.get(delimiter);
    if (failedAt !== undefined && from >= failedAt) {
      return -1;
    }
    const char = delimiter[0] ?? '';
    let index = source.indexOf(char, from);
    while (index >= 0) {
      const run = runLength(source, index, char);
      const valid =
        !isSpace(source[index - 1]) &&
        (delimiter.length === 1 ? run === 1 || run >= 3 : run >= 2) &&
        (char !== '_' || !isWordChar(source[index + run]));
      if (valid) {
        return index + run - delimiter.length;
      }
      index = source.indexOf(char, index + run);
    }
    noCloserAfter.set(delimiter, from);
    return -1;
  };

  let index = 0;
  while (index < source.length) {
    const char = source[index] ?? '';
    if (char === '\\' && isAsciiPunctuation(source[index + 1])) {
      text += source[index + 1];
      index += 2;
    } else if (char === '\\' && source[index + 1] === '\n') {
      flush();
      out.push(h('br', null));
      index += 2;
    } else if (char === '\n') {
      flush();
      out.push(h('br', null));
      index++;
    } else if (char === '&') {
      const entity = decodeEntityAt(source, index);
      text += entity ? entity[0] : '&';
      index += entity ? entity[1] : 1;
    } else if (char === '`') {
      const run = runLength(source, index, '`');
      const close = findBacktickCloser(run, index + run);
      if (close < 0) {
        text += source.slice(index, index + run);
        index += run;
      } else {
        let code = source.slice(index + run, close).replaceAll('\n', ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') {
          code = code.slice(1, -1);
        }
        flush();
        out.push(h('code', null, code));
        index = close + run;
      }
    } else if ((char === '*' || char === '_') && depth < maxDepth) {
      const run = runLength(source, index, char);
      const width = run >= 2 ? 2 : 1;
      const opens =
        !isSpace(source[index + width]) && (char !== '_' || !isWordChar(source[index - 1]));
      const close = opens ? findCloser(char.repeat(width), index + width + 1) : -1;
      if (close < 0) {
        text += source.slice(index, index + run);
        index += run;
      } else {
        flush();
        const inner = parseInline(source.slice(index + width, close), depth + 1, allowLinks);
        out.push(h(width === 2 ? 'strong' : 'em', null, inner));
        index = close + width;
      }
    } else if (char === '[' && allowLinks) {
      brackets ??= matchBrackets(source);
      const close = brackets[index] ?? -1;
      const destination =
        close > 0 && source[close + 1] === '(' ? parseDestination(source, close + 2) : null;
      if (destination === null) {
        text += '[';
        index++;
      } else {
        flush();
        const label = parseInline(source.slice(index + 1, close), depth + 1, false);
        const href = safeHref(destination.url);
        if (href === null) {
          // Not a link we allow: show what was written, so nothing is hidden from the reader.
          out.push(...label, ` (${destination.url})`);
        } else {
          out.push(link(href, label));
        }
        index = destination.end;
      }
    } else if (char === '<' && allowLinks) {
      let end = index + 1;
      const limit = Math.min(source.length, index + maxUrl + 2);
      while (end < limit && source[end] !== '>' && source[end] !== '<' && !isSpace(source[end])) {
        end++;
      }
      const href = source[end] === '>' ? safeHref(source.slice(index + 1, end)) : null;
      if (href === null) {
        text += '<';
        index++;
      } else {
        flush();
        out.push(link(href, source.slice(index + 1, end)));
        index = end + 1;
      }
    } else if ((char === 'h' || char === 'H') && allowLinks) {
      const url = bareUrlAt(source, index);
      const href = url === null ? null : safeHref(url);
      if (url === null || href === null) {
        text += char;
        index++;
      } else {
        flush();
        out.push(link(href, url));
        index += url.length;
      }
    } else {
      text += char;
      index++;
    }
  }
  flush();
  return out;
}

const fencePattern = /^ {0,3}(`{3,}|~{3,})/;
const listPattern = /^ {0,3}([-*+]|\d{1,9}[.)])(?: +|$)/;
const headingPattern = /^ {0,3}#{1,6}(?: +|$)/;
const quotePattern = /^ {0,3}> ?/;

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Does this line start a block that interrupts a paragraph? */
function startsBlock(line: string): boolean {
  return (
    fencePattern.test(line) ||
    quotePattern.test(line) ||
    headingPattern.test(line) ||
    listPattern.test(line)
  );
}

function paragraph(lines: string[], depth: number, tight: boolean): Node {
  const inline = parseInline(lines.map((line) => line.trim()).join('\n'), depth, true);
  return tight ? inline : h('p', null, inline);
}

function parseList(lines: string[], start: number, depth: number, out: Node[]): number {
  const first = listPattern.exec(lines[start] ?? '');
  const marker = first?.[1] ?? '-';
  const ordered = /\d/.test(marker);
  const kind = ordered ? marker.slice(-1) : marker;
  const items: Node[] = [];
  let index = start;
  while (index < lines.length) {
    const match = listPattern.exec(lines[index] ?? '');
    const itemMarker = match?.[1] ?? '';
    if (!match || (ordered ? itemMarker.slice(-1) : itemMarker) !== kind) {
      break;
    }
    const body = [(lines[index] ?? '').slice(match[0].length)];
    let tight = true;
    index++;
    while (index < lines.length) {
      const line = lines[index] ?? '';
      if (isBlank(line)) {
        const next = lines[index + 1];
        if (next === undefined || !/^(?: {2,}|\t)/.test(next)) {
          break;
        }
        tight = false;
        body.push('');
      } else if (/^(?: {2,}|\t)/.test(line)) {
        body.push(line.replace(/^(?: {1,4}|\t)/, ''));
      } else if (!startsBlock(line) && !isBlank(body[body.length - 1] ?? '')) {
        // A lazy continuation line of the item's paragraph.
        body.push(line);
      } else {
        break;
      }
      index++;
    }
    items.push(h('li', null, parseBlocks(body, depth + 1, tight)));
    // A blank line between items keeps the list going.
    if (isBlank(lines[index] ?? 'x') && listPattern.test(lines[index + 1] ?? '')) {
      index++;
    }
  }
  const startNumber = ordered ? Number.parseInt(marker, 10) : 1;
  out.push(
    ordered
      ? h('ol', startNumber === 1 ? null : { start: startNumber }, items)
      : h('ul', null, items),
  );
  return index;
}

function parseBlocks(lines: string[], depth: number, tight = false): Node[] {
  const out: Node[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    if (isBlank(line)) {
      index++;
      continue;
    }
    if (depth >= maxDepth) {
      // Too deep to nest further: the rest is shown as it was written.
      out.push(paragraph(lines.slice(index), depth, tight));
      break;
    }
    const fence = fencePattern.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const code: string[] = [];
      index++;
      while (index < lines.length) {
        const current = lines[index] ?? '';
        const trimmed = current.trim();
        if (
          trimmed.length >= marker.length &&
          runLength(trimmed, 0, marker[0] ?? '`') === trimmed.length
        ) {
          index++;
          break;
        }
        code.push(current);
        index++;
      }
      out.push(h('pre', null, h('code', null, code.join('\n'))));
      continue;
    }
    if (quotePattern.test(line)) {
      const inner: string[] = [];
      while (index < lines.length && quotePattern.test(lines[index] ?? '')) {
        inner.push((lines[index] ?? '').replace(quotePattern, ''));
        index++;
      }
      out.push(h('blockquote', null, parseBlocks(inner, depth + 1)));
      continue;
    }
    if (listPattern.test(line)) {
      index = parseList(lines, index, depth, out);
      continue;
    }
    if (headingPattern.test(line)) {
      // Headings inside a message read as emphasis, not as page structure.
      let end = line.length;
      // A loop, not /[ #]+$/: that regex backtracks quadratically on long runs of "# ".
      while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '#')) {
        end--;
      }
      const heading = line.slice(0, end).replace(headingPattern, '');
      const inline = parseInline(heading, depth, true);
      out.push(h('p', null, h('strong', null, inline)));
      index++;
      continue;
    }
    const text: string[] = [line];
    index++;
    while (
      index < lines.length &&
      !isBlank(lines[index] ?? '') &&
      !startsBlock(lines[index] ?? '')
    ) {
      text.push(lines[index] ?? '');
      index++;
    }
    out.push(paragraph(text, depth, tight));
  }
  return out;
}

/**
 * Renders a Markdown subset (paragraphs, line breaks, emphasis, strong, inline code, code
 * blocks, lists, links, autolinks, blockquotes) to VNodes. Raw HTML is shown as text; links
 * keep only `https:` and `mailto:` URLs and open in a new tab without referrer or opener.
 *
 * @example
 * render(h('div', null, renderMarkdown('**Bonjour**, voir <https://aide.example>')), root);
 */
export function renderMarkdown(source: string): Node[] {
  const normalized = source.replace(/\r\n?/g, '\n').replaceAll('\0', '\ufffd');
  return parseBlocks(normalized.split('\n'), 0);
}
