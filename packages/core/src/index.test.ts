import { expect, it } from 'vitest';
import * as core from './index';

// A change of public surface must show up as a diff here (keep the list sorted).
it('exports exactly the public names', () => {
  expect(Object.keys(core).sort()).toEqual([
    'attachmentSchema',
    'authorSchema',
    'capturedContextSchema',
    'consentSchema',
    'contextEntitySchema',
    'customerActionSchema',
    'customerActions',
    'fr',
    'isOpenStatus',
    'messageSchema',
    'participantSchema',
    'personSchema',
    'priorities',
    'prioritySchema',
    'ratingSchema',
    'resolutionReasonSchema',
    'resolutionReasons',
    'resolutionSchema',
    'slaRecordSchema',
    'slaStateSchema',
    'slaTargetStateSchema',
    'statusSchema',
    'ticketEventSchema',
    'ticketSchema',
    'ticketStatuses',
    'waitingStateSchema',
  ]);
});
