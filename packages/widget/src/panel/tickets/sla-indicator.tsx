import type { SlaState, SlaTargetState } from '@aide/core';
import { usePanel } from '../context';
import { formatDate, formatDuration } from './format';
import { useText } from './text';

type Tone = 'ok' | 'paused' | 'breached' | 'idle';

function describe(
  target: SlaTargetState,
  text: ReturnType<typeof useText>,
  locale: string,
  waitingOnYou: boolean,
): { value: string; detail: string | null; tone: Tone } | null {
  if (target.target_minutes === null) {
    return null;
  }
  const remaining = target.remaining_minutes ?? 0;
  if (target.breached) {
    return {
      value: text('sla.breached_by', { duration: formatDuration(-remaining, locale) }),
      detail: null,
      tone: 'breached',
    };
  }
  const clock = target.clock;
  switch (clock) {
    case 'not_started':
      return { value: text('sla.clock.not_started'), detail: null, tone: 'idle' };
    case 'running':
      return {
        value: text('sla.remaining', { duration: formatDuration(remaining, locale) }),
        detail: target.due_at
          ? text('sla.due_at', { date: formatDate(target.due_at, locale, true) })
          : null,
        tone: 'ok',
      };
    case 'paused':
      return {
        value: `${text('sla.clock.paused')} · ${text('sla.remaining', { duration: formatDuration(remaining, locale) })}`,
        detail: waitingOnYou ? text('sla.paused_hint') : null,
        tone: 'paused',
      };
    case 'stopped':
      return { value: text('ticket.slaMet'), detail: null, tone: 'ok' };
    default:
      return clock satisfies never;
  }
}

/**
 * The SLA state as the API computed it: time left, paused (waiting on the customer) or
 * breached, for the first response while it is awaited and for the resolution.
 */
export function SlaIndicator({
  sla,
  waitingOnYou = false,
}: {
  sla: SlaState;
  waitingOnYou?: boolean;
}) {
  const text = useText();
  const { locale } = usePanel();
  const rows: { key: string; label: string; state: NonNullable<ReturnType<typeof describe>> }[] =
    [];
  const first =
    sla.first_response.clock === 'stopped' && !sla.first_response.breached
      ? null
      : describe(sla.first_response, text, locale.value, waitingOnYou);
  if (first) {
    rows.push({ key: 'first', label: text('sla.first_response'), state: first });
  }
  const resolution = describe(sla.resolution, text, locale.value, waitingOnYou);
  if (resolution) {
    rows.push({ key: 'resolution', label: text('sla.resolution'), state: resolution });
  }
  if (rows.length === 0) {
    return null;
  }
  return (
    <dl class="sla">
      {rows.map((row) => (
        <div key={row.key} class="sla-row" data-tone={row.state.tone}>
          <dt>{row.label}</dt>
          <dd>
            <span class="sla-value">{row.state.value}</span>
            {row.state.detail ? <span class="sla-detail">{row.state.detail}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
