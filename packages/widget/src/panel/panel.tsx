import { render } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import panelCss from '../styles/panel.css?inline';

export interface PanelProps {
  title: string;
  closeLabel: string;
  onClose: () => void;
}

/** The panel: a labelled modal dialog; Escape and the close button dismiss it. */
export function Panel(props: PanelProps) {
  const dialog = useRef<HTMLDivElement>(null);
  // Layout effect: focus must be in the dialog by the time open() resolves.
  useLayoutEffect(() => {
    dialog.current?.focus();
  }, []);
  return (
    <div
      ref={dialog}
      class="panel"
      role="dialog"
      aria-modal="true"
      aria-labelledby="aide-panel-title"
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          props.onClose();
        }
      }}
    >
      <header class="panel-header">
        <h2 id="aide-panel-title">{props.title}</h2>
        <button type="button" class="panel-close" onClick={props.onClose}>
          {props.closeLabel}
        </button>
      </header>
    </div>
  );
}

/** Entry of the lazily loaded chunk: mount.ts calls this through a dynamic import. */
export function renderPanel(container: Element, props: PanelProps | null): void {
  render(props ? <Panel {...props} /> : null, container);
}

export const styles = panelCss;
