import { describe, expect, it } from 'vitest';
import { isOpenStatus, ticketStatuses } from './status';

describe('isOpenStatus', () => {
  it('treats every status but resolved and closed as open', () => {
    const open = ticketStatuses.filter(isOpenStatus);
    expect(open).toEqual([
      'new',
      'in_progress',
      'escalated',
      'waiting_on_customer',
      'resolved_not_deployed',
    ]);
  });
});
