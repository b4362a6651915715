import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import panelCss from '../../styles/panel.css?inline';
import tokensCss from '../../styles/tokens.css?inline';
import type { ThemeMode } from '../../types';
import { type CreatePanelContextInput, createPanelContext, PanelContext } from '../context';

// Stories render components outside a shadow root: the theme's `:host` selectors are rewritten
// to a wrapper class, and the panel is laid out in the page flow so docs pages can stack stories.
export function hostToClass(css: string): string {
  return css.replace(/:host\(([^)]*)\)/g, '.aide-story$1').replace(/:host/g, '.aide-story');
}
const storyCss = hostToClass(`${tokensCss}\n${panelCss}`);
const storyLayout = `.aide-story .panel { position: relative; inset: auto; max-width: 100%; margin: 0 auto; animation: none; }
.aide-story { display: block; padding: 16px; background: var(--aide-bg); }`;

export interface StoryFrameProps {
  theme?: ThemeMode;
  /** Panel width, to show the phone layout (360) or the desktop one (420). */
  width?: number;
  tokens?: Record<string, string>;
  children: ComponentChildren;
}

/** Theme tokens and component CSS around a story, as the shadow root would give them. */
export function StoryFrame(props: StoryFrameProps) {
  const style: Record<string, string> = {};
  for (const [name, value] of Object.entries(props.tokens ?? {})) {
    style[`--aide-${name}`] = value;
  }
  if (props.width) {
    style['--aide-panel-width'] = `${props.width}px`;
  }
  return (
    <>
      <style>{storyCss}</style>
      <style>{storyLayout}</style>
      <div class="aide-story" data-theme={props.theme ?? 'light'} style={style}>
        {props.children}
      </div>
    </>
  );
}

/** A panel context for a story; created once per story render. */
export function StoryPanel(props: { input: CreatePanelContextInput; children: ComponentChildren }) {
  const panel = useMemo(() => createPanelContext({ storage: null, ...props.input }), []);
  return <PanelContext.Provider value={panel}>{props.children}</PanelContext.Provider>;
}
