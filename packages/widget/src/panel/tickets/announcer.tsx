import type { ReadonlySignal } from '@preact/signals';
import type { Announcement } from '../../models/tickets';
import { LiveStatus } from '../ui/status';
import { useText } from './text';

/** Reads the model's async results out to screen readers (sent, failed, N results...). */
export function Announcer({ announcement }: { announcement: ReadonlySignal<Announcement | null> }) {
  const text = useText();
  const current = announcement.value;
  return (
    <LiveStatus visuallyHidden>
      {current ? <span key={current.serial}>{text(current.key, current.params)}</span> : null}
    </LiveStatus>
  );
}
