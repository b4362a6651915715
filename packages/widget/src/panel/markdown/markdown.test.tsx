import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from './markdown';
import { Markdown } from './markdown-view';
import { findViolations, xssCorpus } from './xss-corpus';

afterEach(cleanup);

function show(source: string): HTMLElement {
  const { container } = render(<Markdown source={source} />);
  return container.firstElementChild as HTMLElement;
}

describe('Markdown rendering', () => {
  it('renders paragraphs with line breaks, emphasis, strong and inline code', () => {
    const root = show('Bonjour *Ada*,\nvoici **la cause** : `null`.\n\nDeuxième paragraphe.');
    const paragraphs = root.querySelectorAll('p');
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]?.querySelector('br')).not.toBeNull();
    expect(screen.getByText('Ada').tagName).toBe('EM');
    expect(screen.getByText('la cause').tagName).toBe('STRONG');
    expect(screen.getByText('null').tagName).toBe('CODE');
    expect(paragraphs[1]).toHaveTextContent('Deuxième paragraphe.');
  });

  it('renders fenced code blocks verbatim', () => {
    const root = show('```js\nconst a = <b>1</b>;\n**not bold**\n```');
    expect(root.querySelector('pre code')?.textContent).toBe('const a = <b>1</b>;\n**not bold**');
    expect(root.querySelector('strong')).toBeNull();
  });

  it('renders bullet and numbered lists, nested', () => {
    show('- un\n- deux\n  - deux bis\n\n3. trois\n4. quatre');
    const lists = screen.getAllByRole('list');
    expect(lists).toHaveLength(3);
    expect(screen.getByText('deux bis').closest('ul')?.parentElement?.tagName).toBe('LI');
    expect(lists[2]).toHaveAttribute('start', '3');
    expect(screen.getByText('quatre').tagName).toBe('LI');
  });

  it('renders blockquotes', () => {
    const root = show('> cité\n> **encore**');
    expect(root.querySelector('blockquote')).toHaveTextContent('cité');
    expect(root.querySelector('blockquote strong')).toHaveTextContent('encore');
  });

  it('renders https and mailto links that open safely in a new tab', () => {
    show(
      'Voir [la doc](https://aide.example/doc?a=1&b=2), <mailto:support@aide.example> ou https://aide.example/faq.',
    );
    const doc = screen.getByRole('link', { name: 'la doc' });
    expect(doc).toHaveAttribute('href', 'https://aide.example/doc?a=1&b=2');
    expect(doc).toHaveAttribute('target', '_blank');
    expect(doc).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    expect(screen.getByRole('link', { name: 'mailto:support@aide.example' })).toHaveAttribute(
      'href',
      'mailto:support@aide.example',
    );
    // The trailing full stop belongs to the sentence, not to the URL.
    expect(screen.getByRole('link', { name: 'https://aide.example/faq' })).toHaveAttribute(
      'href',
      'https://aide.example/faq',
    );
  });

  it('shows links with other schemes as text, URL included', () => {
    const root = show('[relative](/admin) [plain](http://example.com) [js](javascript:alert(1))');
    expect(screen.queryAllByRole('link')).toHaveLength(0);
    expect(root).toHaveTextContent(
      'relative (/admin) plain (http://example.com) js (javascript:alert(1))',
    );
  });

  it('shows raw HTML as the text that was written', () => {
    const root = show('<b onclick="x()">gras</b> &amp; &#x41; &lt;i&gt;');
    expect(root.querySelector('b')).toBeNull();
    expect(root).toHaveTextContent('<b onclick="x()">gras</b> & A <i>');
  });

  it('keeps intraword underscores and unmatched markers as text', () => {
    const root = show('snake_case_name, 2 * 3 * 4, **pas fermé, `pas fermé');
    expect(root.querySelector('em, strong, code')).toBeNull();
    expect(root).toHaveTextContent('snake_case_name, 2 * 3 * 4, **pas fermé, `pas fermé');
  });

  it('honours backslash escapes', () => {
    const root = show('\\*pas en italique\\* et \\[pas un lien\\](/page)');
    expect(root.querySelector('em, a')).toBeNull();
    expect(root).toHaveTextContent('*pas en italique* et [pas un lien](/page)');
  });
});

describe('safeHref', () => {
  it('accepts only absolute https URLs with a host and mailto URLs', () => {
    expect(safeHref('HTTPS://Example.com/x')).toBe('https://example.com/x');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    expect(safeHref('https:///nohost')).toBe('https://nohost/');
    expect(safeHref('http://example.com')).toBeNull();
    expect(safeHref('https://exa mple.com')).toBeNull();
    expect(safeHref('\u0000https://example.com')).toBeNull();
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
  });
});

describe('Markdown safety', () => {
  it('has a corpus of at least 100 hostile inputs', () => {
    expect(xssCorpus.length).toBeGreaterThanOrEqual(100);
  });

  it.each(xssCorpus.map((payload) => [payload]))('renders %j inertly', (payload) => {
    const root = show(payload);
    expect(findViolations(root)).toEqual([]);
  });

  it('renders the whole corpus as one document inertly', () => {
    const root = show(xssCorpus.join('\n\n'));
    expect(findViolations(root)).toEqual([]);
    expect(root.querySelectorAll('a').length).toBeGreaterThan(0);
  });
});

describe('Markdown on pathological input', () => {
  const size = 100_000;
  const cases: Record<string, string> = {
    'unclosed emphasis': '*a '.repeat(size / 3),
    'unclosed strong': '**a '.repeat(size / 4),
    underscores: '_a_b '.repeat(size / 5),
    'backtick runs of growing length': Array.from({ length: 450 }, (_, n) =>
      '`'.repeat(n + 1),
    ).join(' a '),
    'unmatched brackets': '['.repeat(size),
    'bracket pairs without destination': '[a]'.repeat(size / 3),
    'unclosed destinations': '[a](https://x.example/'.repeat(size / 22),
    'nested blockquotes': `${'> '.repeat(size / 2)}x`,
    'nested lists': Array.from({ length: 2000 }, (_, n) => `${'  '.repeat(n % 50)}- item`).join(
      '\n',
    ),
    'angle brackets': '<https://a'.repeat(size / 10),
    'bare URLs': 'https://a.example/.'.repeat(size / 19),
    entities: '&#1234567;&amp'.repeat(size / 14),
    headings: `${'# '.repeat(size / 2)}x`,
    'one huge line of text': 'a'.repeat(size),
  };

  it.each(Object.entries(cases))('renders %s (100 KB) quickly', (_name, source) => {
    expect(source.length).toBeGreaterThan(size * 0.9);
    // CPU time of this process, not wall time: other processes on a busy CI machine delay the
    // work but do not add to it.
    const started = process.cpuUsage();
    const nodes = renderMarkdown(source);
    const { user, system } = process.cpuUsage(started);
    const elapsedMs = (user + system) / 1000;
    expect(nodes.length).toBeGreaterThan(0);
    // Linear work takes a few milliseconds; a quadratic scan of 100 KB would take seconds.
    expect(elapsedMs).toBeLessThan(500);
  });
});
