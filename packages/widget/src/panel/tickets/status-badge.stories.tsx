import { ticketStatuses } from '@aide/core';
import type { Meta, StoryObj } from '@storybook/preact-vite';
import { createTicketsPanel, TicketsFrame, TicketsPanelProvider } from './harness';
import { StatusBadge } from './status-badge';

const context = createTicketsPanel();

const meta = {
  title: 'Mes demandes/Status badge',
  component: StatusBadge,
  args: { status: 'in_progress', resolution: null },
  argTypes: {
    status: { control: 'select', options: [...ticketStatuses] },
  },
  decorators: [
    (Story, { parameters }) => (
      <TicketsFrame theme={parameters.theme ?? 'light'}>
        <TicketsPanelProvider value={context}>
          <Story />
        </TicketsPanelProvider>
      </TicketsFrame>
    ),
  ],
} satisfies Meta<typeof StatusBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

export const New: Story = { args: { status: 'new' } };
export const InProgress: Story = { args: { status: 'in_progress' } };
export const Escalated: Story = { args: { status: 'escalated' } };
export const WaitingOnCustomer: Story = { args: { status: 'waiting_on_customer' } };
export const ResolvedNotDeployed: Story = { args: { status: 'resolved_not_deployed' } };
export const ResolvedFixed: Story = {
  args: { status: 'resolved', resolution: { reason: 'fixed', duplicate_of: null } },
};
export const ResolvedDeclined: Story = {
  args: { status: 'resolved', resolution: { reason: 'declined', duplicate_of: null } },
};
export const ClosedNoResponse: Story = {
  args: { status: 'closed', resolution: { reason: 'no_response', duplicate_of: null } },
};

/** Every status side by side, in both themes. */
export const All: Story = {
  render: () => (
    <div style={{ display: 'flex', flexDirection: 'column', gap: '6px', alignItems: 'flex-start' }}>
      {ticketStatuses.map((status) => (
        <StatusBadge
          key={status}
          status={status}
          resolution={
            status === 'resolved' || status === 'closed'
              ? { reason: 'answered', duplicate_of: null }
              : null
          }
        />
      ))}
    </div>
  ),
};
export const AllDark: Story = { ...All, parameters: { theme: 'dark' } };
