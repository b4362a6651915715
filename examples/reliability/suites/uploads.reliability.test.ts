import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printFigures } from '../src/figures';
import { type HostileInputServer, startHostileInputServer } from '../src/hostile-input-server';
import { scale, timeout } from '../src/tier';
import {
  bytesOf,
  contentCases,
  type Expectation,
  multipart,
  nameCases,
  nameProblem,
  png,
  rawNameCases,
  type StorableType,
  storableTypes,
  type UploadCase,
} from '../src/upload-gauntlet-cases';

// Upload gauntlet (issue 9, item 6): spoofed types, HTML and SVG renamed as images, polyglots,
// hostile file names, sizes at and one byte over the limit, empty files and too many files,
// against the real server's upload endpoint and through ticket creation. Each case is either
// refused with a clear problem+json code or neutralised (stored under a safe name, with the
// type its bytes have, downloaded as an attachment with nosniff): the case says which, and the
// download of every accepted file is checked.

const figures = { cases: 0, refused: 0, neutralised: 0, unsafe: 0, downloads: 0 };
const unsafe: string[] = [];

let server: HostileInputServer;

beforeAll(async () => {
  server = await startHostileInputServer();
});

afterAll(async () => {
  await server?.close();
  printFigures('upload gauntlet', {
    cases: figures.cases,
    refused: figures.refused,
    neutralised: figures.neutralised,
    unsafe: figures.unsafe,
    'downloads checked': figures.downloads,
  });
});

interface Stored {
  id: string;
  name: string;
  size: number;
  type: string;
}

interface Problem {
  status: number;
  code?: string;
  title?: string;
  detail?: string;
}

type Answer = { kind: 'refused'; problem: Problem } | { kind: 'stored'; file: Stored };

async function read(response: Response): Promise<Answer> {
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status === 201) {
    return { kind: 'stored', file: body as unknown as Stored };
  }
  const contentType = response.headers.get('content-type') ?? '';
  return {
    kind: 'refused',
    problem: {
      status: response.status,
      // A refusal without problem+json has no usable code.
      ...(contentType.startsWith('application/problem+json')
        ? { code: String(body.code), title: String(body.title), detail: String(body.detail) }
        : {}),
    },
  };
}

async function send(upload: UploadCase): Promise<Answer> {
  if (upload.rawName !== undefined) {
    const { body, contentType } = multipart(upload.rawName, upload.bytes, upload.declaredType);
    return read(await server.upload(body, contentType));
  }
  const form = new FormData();
  form.set('file', new File([upload.bytes], upload.name, { type: upload.declaredType }));
  return read(await server.upload(form));
}

/** Everything wrong with how an accepted file is stored and served (empty when safe). */
async function downloadProblems(file: Stored, bytes: Uint8Array): Promise<string[]> {
  const problems: string[] = [];
  const type = file.type as StorableType;
  if (!storableTypes.includes(type)) {
    return [`stored as ${file.type}`];
  }
  const nameIssue = nameProblem(file.name, type);
  if (nameIssue !== null) {
    problems.push(`name ${JSON.stringify(file.name)}: ${nameIssue}`);
  }
  const response = await server.get(`/v1/attachments/${file.id}`);
  figures.downloads += 1;
  const headers = response.headers;
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) {
    return [...problems, `download answered ${response.status}`];
  }
  if (headers.get('content-type') !== file.type) {
    problems.push(`served as ${headers.get('content-type')}`);
  }
  if (headers.get('x-content-type-options') !== 'nosniff') {
    problems.push('served without nosniff');
  }
  if (!(headers.get('content-security-policy') ?? '').includes("default-src 'none'")) {
    problems.push('served without a restrictive Content-Security-Policy');
  }
  const disposition = headers.get('content-disposition') ?? '';
  const fallback = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([^;\s]+)$/.exec(
    disposition,
  );
  if (fallback === null) {
    problems.push(`Content-Disposition ${JSON.stringify(disposition)}`);
  } else {
    const [, ascii = '', encoded = ''] = fallback;
    if (/[^\x20-\x7e]|[/\\]/.test(ascii) || nameProblem(ascii, type) !== null) {
      problems.push(`ASCII file name ${JSON.stringify(ascii)}`);
    }
    if (decodeURIComponent(encoded) !== file.name) {
      problems.push(`UTF-8 file name ${encoded} is not the stored name`);
    }
  }
  if (body.length !== bytes.length || !body.every((byte, index) => byte === bytes[index])) {
    problems.push('bytes changed');
  }
  return problems;
}

/** Sends one case, checks the outcome it expects, and counts it. */
async function attempt(upload: UploadCase): Promise<Answer> {
  const answer = await send(upload);
  await judge(upload.probe, upload.expect, answer, upload.bytes);
  return answer;
}

async function judge(
  probe: string,
  expectation: Expectation | 'either',
  answer: Answer,
  bytes: Uint8Array,
): Promise<void> {
  figures.cases += 1;
  if (answer.kind === 'refused') {
    figures.refused += 1;
    const { problem } = answer;
    expect(problem.code, `${probe}: a refusal is problem+json with a code`).toBeDefined();
    expect(problem.status, `${probe}: refusals are client errors`).toBeLessThan(500);
    if (expectation !== 'either') {
      expect({ probe, code: problem.code }).toEqual({
        probe,
        code: 'refused' in expectation ? expectation.refused : 'accepted',
      });
    }
    return;
  }
  const problems = await downloadProblems(answer.file, bytes);
  if (problems.length > 0) {
    figures.unsafe += 1;
    unsafe.push(`${probe}: ${problems.join('; ')}`);
  } else {
    figures.neutralised += 1;
  }
  if (expectation !== 'either') {
    expect({ probe, type: answer.file.type }).toEqual({
      probe,
      type: 'neutralised' in expectation ? expectation.neutralised : 'refused',
    });
  }
}

/** Uploads a file (a PNG unless told otherwise) that the server must keep. */
async function uploadFile(name = 'shot.png', bytes = png()): Promise<Stored> {
  const answer = await send({
    probe: 'setup',
    bytes,
    name,
    declaredType: 'image/png',
    expect: { neutralised: 'image/png' },
  });
  if (answer.kind !== 'stored') {
    throw new Error(`setup upload refused: ${JSON.stringify(answer.problem)}`);
  }
  return answer.file;
}

function ticketBody(attachments: string[], fields: Record<string, unknown> = {}) {
  return {
    category: Object.keys(fields).length === 0 ? 'general.question' : 'general.ui_issue',
    subject: 'Pièces jointes',
    description: 'Voir les fichiers.',
    priority: 'normal',
    fields,
    attachments,
    consent: { accepted: true, text_version: '2026-01' },
    share_with_account_manager: false,
    context: {},
  };
}

async function expectProblem(response: Response, status: number, code: string): Promise<void> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect({ status: response.status, code: ((await response.json()) as Problem).code }).toEqual({
    status,
    code,
  });
  figures.cases += 1;
  figures.refused += 1;
}

describe('upload gauntlet', () => {
  it('content that is not what it claims: refused, or stored as what its bytes are', async () => {
    for (const upload of contentCases) {
      await attempt(upload);
    }
  });

  it('hostile file names are stored and served under safe names', async () => {
    for (const upload of [...nameCases, ...rawNameCases]) {
      await attempt(upload);
    }
  });

  it(
    'size: empty refused, exactly the limit accepted, one byte over refused',
    async () => {
      const limit = server.limits.attachment_bytes;
      const atLimit = bytesOf(png(), new Uint8Array(limit - png().length));
      const overLimit = bytesOf(atLimit, [0]);
      const cases: UploadCase[] = [
        {
          probe: 'empty file',
          bytes: new Uint8Array(0),
          name: 'empty.png',
          declaredType: 'image/png',
          expect: { refused: 'unsupported_media_type' },
        },
        {
          probe: 'exactly the size limit',
          bytes: atLimit,
          name: 'big.png',
          declaredType: 'image/png',
          expect: { neutralised: 'image/png' },
        },
        {
          probe: 'one byte over the size limit',
          bytes: overLimit,
          name: 'big.png',
          declaredType: 'image/png',
          expect: { refused: 'payload_too_large' },
        },
        {
          probe: 'far over the size limit',
          bytes: bytesOf(overLimit, new Uint8Array(512 * 1024)),
          name: 'huge.png',
          declaredType: 'image/png',
          expect: { refused: 'payload_too_large' },
        },
      ];
      for (const upload of cases) {
        await attempt(upload);
      }
      const refusal = await send(cases[0] as UploadCase);
      expect(refusal.kind === 'refused' && refusal.problem.detail).toMatch(/empty/i);
    },
    timeout(60_000),
  );

  it('malformed upload requests get a clear problem', async () => {
    await expectProblem(await server.upload(png(), 'image/png'), 415, 'unsupported_media_type');
    const noFile = new FormData();
    noFile.set('other', new File([png()], 'a.png', { type: 'image/png' }));
    await expectProblem(await server.upload(noFile), 400, 'validation_failed');
    const textInstead = new FormData();
    textInstead.set('file', 'not a file');
    await expectProblem(await server.upload(textInstead), 400, 'validation_failed');
  });

  it(
    'a ticket takes at most 20 files and its byte budget; every attached file downloads safely',
    async () => {
      const twenty = await Promise.all(
        Array.from({ length: 21 }, (_, index) => uploadFile(`shot ${index}\u202E.png`)),
      );
      const ids = twenty.map((file) => file.id);
      await expectProblem(
        await server.postJson('/v1/tickets', ticketBody(ids)),
        400,
        'validation_failed',
      );
      const created = await server.postJson('/v1/tickets', ticketBody(ids.slice(0, 20)));
      expect(created.status).toBe(201);
      const { ticket } = (await created.json()) as {
        ticket: { id: string; attachments: Stored[] };
      };
      expect(ticket.attachments.map((file) => file.id).sort()).toEqual(ids.slice(0, 20).sort());
      for (const file of ticket.attachments) {
        await judge(
          'file attached to a ticket',
          { neutralised: 'image/png' },
          {
            kind: 'stored',
            file,
          },
          png(),
        );
      }

      // A file attached once cannot be attached again.
      await expectProblem(
        await server.postJson('/v1/tickets', ticketBody([ids[0] as string])),
        400,
        'validation_failed',
      );

      // The screenshot field of a display problem takes at most ten.
      const eleven = await Promise.all(Array.from({ length: 11 }, () => uploadFile()));
      await expectProblem(
        await server.postJson(
          '/v1/tickets',
          ticketBody([], {
            steps_to_reproduce: 'Ouvrir la page',
            screenshot: eleven.map((file) => file.id),
          }),
        ),
        400,
        'validation_failed',
      );

      // A screenshot is an image by its bytes, whatever its name says.
      const text = await uploadFile('capture.png', bytesOf('pas une image'));
      expect(text.type).toBe('text/plain');
      await expectProblem(
        await server.postJson(
          '/v1/tickets',
          ticketBody([], { steps_to_reproduce: 'Ouvrir la page', screenshot: [text.id] }),
        ),
        400,
        'validation_failed',
      );
    },
    timeout(60_000),
  );

  it(
    'files whose sizes add up over the per-ticket budget are refused together',
    async () => {
      const { attachment_bytes: perFile, ticket_attachment_bytes: perTicket } = server.limits;
      const count = Math.floor(perTicket / perFile) + 1;
      const big = bytesOf(png(), new Uint8Array(perFile - png().length));
      const files = await Promise.all(
        Array.from({ length: count }, () => uploadFile('big.png', big)),
      );
      await expectProblem(
        await server.postJson('/v1/tickets', ticketBody(files.map((file) => file.id))),
        413,
        'payload_too_large',
      );
    },
    timeout(120_000),
  );

  it(
    'random bytes behind real signatures, under random names: refused or safe',
    async () => {
      const signatures = [
        '',
        '\x89PNG\r\n\x1a\n',
        'GIF89a',
        '%PDF-1.7\n',
        'RIFF\0\0\0\0WEBP',
        '<svg',
        '<html',
        '<?xml',
        '\uFEFF',
      ];
      const upload = fc.record({
        signature: fc.constantFrom(...signatures),
        content: fc.oneof(
          fc.uint8Array({ maxLength: 2048 }),
          fc.string({ unit: 'binary', maxLength: 512 }).map((text) => bytesOf(text)),
        ),
        name: fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.constantFrom(...nameCases.map((c) => c.name)),
        ),
        declaredType: fc.constantFrom('image/png', 'text/html', 'image/svg+xml', ''),
      });
      await fc.assert(
        fc.asyncProperty(upload, async ({ signature, content, name, declaredType }) => {
          const bytes = bytesOf(
            Uint8Array.from([...signature].map((char) => char.charCodeAt(0) & 0xff)),
            content,
          );
          const answer = await send({
            probe: 'random',
            bytes,
            name,
            declaredType,
            expect: { neutralised: 'text/plain' },
          });
          await judge(`random upload named ${JSON.stringify(name)}`, 'either', answer, bytes);
          if (answer.kind === 'refused') {
            expect(['unsupported_media_type', 'validation_failed']).toContain(answer.problem.code);
          }
        }),
        { numRuns: scale({ fast: 150, stress: 3000 }) },
      );
    },
    timeout(90_000),
  );

  it('no accepted file is unsafe', () => {
    expect(unsafe).toEqual([]);
    expect(figures.unsafe).toBe(0);
  });
});
