import type { Meta, StoryObj } from '@storybook/preact-vite';
import { fn } from 'storybook/test';
import { storyClient } from '../../test/fakes';
import { Panel } from '../panel';
import { StoryFrame, StoryPanel } from './story-frame';

interface ThemeArgs {
  mode: 'light' | 'dark';
  accent: string;
  accentContrast: string;
  background: string;
  foreground: string;
  radius: number;
  font: string;
  fontSize: number;
  onClose: () => void;
}

/** Every `--aide-*` token a vendor can set, live. */
function ThemePlayground(args: ThemeArgs) {
  return (
    <StoryFrame
      theme={args.mode}
      tokens={{
        accent: args.accent,
        'accent-contrast': args.accentContrast,
        bg: args.background,
        fg: args.foreground,
        radius: `${args.radius}px`,
        font: args.font,
        'font-size': `${args.fontSize}px`,
      }}
    >
      <StoryPanel
        input={{
          client: storyClient({
            docs: [
              {
                id: 'd1',
                title: 'Créer une facture',
                url: 'https://docs.example.com/factures',
                kind: 'doc',
                tags: [],
                routes: [],
              },
              {
                id: 'd2',
                title: 'Vidéo : premiers pas',
                url: 'https://videos.example.com/premiers-pas',
                kind: 'video',
                tags: [],
                routes: [],
              },
            ],
          }),
          options: { server: 'https://support.example.com' },
        }}
      >
        <Panel onClose={args.onClose} />
      </StoryPanel>
    </StoryFrame>
  );
}

const meta = {
  title: 'Theme/Playground',
  component: ThemePlayground,
  args: {
    mode: 'light',
    accent: '#1f5fbf',
    accentContrast: '#ffffff',
    background: '#ffffff',
    foreground: '#1b1f24',
    radius: 10,
    font: 'system-ui, sans-serif',
    fontSize: 14,
    onClose: fn(),
  },
  argTypes: {
    mode: { control: 'inline-radio', options: ['light', 'dark'] },
    accent: { control: 'color' },
    accentContrast: { control: 'color' },
    background: { control: 'color' },
    foreground: { control: 'color' },
    radius: { control: { type: 'range', min: 0, max: 24 } },
    fontSize: { control: { type: 'range', min: 12, max: 20 } },
  },
} satisfies Meta<typeof ThemePlayground>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Playground: Story = {};

export const VendorGreen: Story = {
  args: { accent: '#0a6b45', radius: 4, font: 'Georgia, serif' },
};

export const DarkMode: Story = {
  args: {
    mode: 'dark',
    accent: '#7aa7ff',
    accentContrast: '#0b1220',
    background: '#161b22',
    foreground: '#e6edf3',
  },
};
