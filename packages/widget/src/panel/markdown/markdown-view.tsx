import { useMemo } from 'preact/hooks';
import { renderMarkdown } from './markdown';

export interface MarkdownProps {
  /** Markdown written by an agent or a customer; never trusted. */
  source: string;
}

/** Sanitized Markdown: a block whose direction follows its own text (RTL-safe). */
export function Markdown({ source }: MarkdownProps) {
  const nodes = useMemo(() => renderMarkdown(source), [source]);
  return (
    <div class="aide-md" dir="auto">
      {nodes}
    </div>
  );
}
