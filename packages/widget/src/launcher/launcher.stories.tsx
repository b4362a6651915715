import type { Meta, StoryObj } from '@storybook/preact-vite';
import { useEffect, useRef } from 'preact/hooks';
import { fn } from 'storybook/test';
import { hostToClass } from '../panel/shell/story-frame';
import launcherCss from '../styles/launcher.css?inline';
import tokensCss from '../styles/tokens.css?inline';
import { createLauncher } from './launcher';

interface LauncherArgs {
  label: string;
  unread: number;
  theme: 'light' | 'dark';
  onActivate: () => void;
}

/** The plain-DOM launcher, mounted as the widget mounts it (positioned inside the frame). */
function LauncherStory(args: LauncherArgs) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const launcher = createLauncher({
      label: args.label,
      position: 'bottom-right',
      onIntent: () => undefined,
      onActivate: args.onActivate,
    });
    launcher.setBadge(args.unread);
    host.current?.append(launcher.element);
    return () => launcher.dispose();
  }, [args.label, args.unread, args.onActivate]);
  return (
    <>
      <style>{`${hostToClass(tokensCss)}\n${launcherCss}\n.aide-story .launcher { position: absolute; }`}</style>
      <div
        class="aide-story"
        data-theme={args.theme}
        style={{ position: 'relative', height: '120px' }}
        ref={host}
      />
    </>
  );
}

const meta = {
  title: 'Launcher',
  component: LauncherStory,
  args: { label: 'Aide', unread: 0, theme: 'light', onActivate: fn() },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark'] } },
} satisfies Meta<typeof LauncherStory>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

export const UnreadReplies: Story = { args: { unread: 2 } };

export const Dark: Story = { args: { theme: 'dark' } };

export const RenamedByVendor: Story = { args: { label: 'Besoin d’aide ?' } };
