// What the bench and its server processes (server-process.ts) say to each other over IPC.

export type ChildMessage =
  | { type: 'ready'; url: string; ticketId: string | null }
  | { type: 'seeded'; total: number; ms: number }
  | { type: 'error'; message: string };

export type ParentMessage = { type: 'seed'; total: number } | { type: 'stop' };
