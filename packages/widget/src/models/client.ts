import type { createClient } from '@aide/core';

/** The one API client, built by @aide/core's createClient: the widget never speaks HTTP itself. */
export type AideClient = ReturnType<typeof createClient>;
