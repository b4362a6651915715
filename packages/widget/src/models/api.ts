// The client's chunk (see deferredClient in client.ts): imported dynamically, never statically
// from the panel's first chunk.
export { createClient } from '@aide/core';
