// A real HTTP server on 127.0.0.1 speaking the Messages API (POST /v1/messages), for tests.
// Each request takes the next scripted reply (the last one repeats); every request is captured.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'raw'; status?: number; body: string; headers?: Record<string, string> }
  | { kind: 'hang' }
  /** An answer computed from the request's raw body (what the prompt is about). */
  | { kind: 'fn'; answer: (raw: string) => unknown };

export interface Captured {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: Record<string, unknown> | null;
}

export interface MessagesServer {
  url: string;
  requests: Captured[];
  script(replies: Reply[]): void;
  close(): Promise<void>;
}

/** A Messages API body whose content is one tool_use block with `input`. */
export function toolAnswer(input: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [{ type: 'tool_use', id: 'toolu_1', name: 'report_diagnosis', input }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 1200, output_tokens: 300 },
    ...extra,
  };
}

export const GOOD_ANSWER = {
  diagnostic: 'Six identical MCP servers were left behind by an editor session.',
  severity: 'high',
  actions: [
    {
      type: 'kill_process',
      target: '4242',
      command: 'kill 4242',
      risk: 'safe',
      explanation: 'Orphaned duplicate.',
    },
  ],
  prevention: 'Close editor sessions cleanly.',
};

export async function startMessagesServer(replies: Reply[] = []): Promise<MessagesServer> {
  let queue = replies.slice();
  const requests: Captured[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | null = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body });
      const reply = (queue.length > 1 ? queue.shift() : queue[0]) ?? {
        kind: 'json',
        body: toolAnswer(GOOD_ANSWER),
      };
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"type":"error","error":{"type":"not_found_error","message":"no"}}');
        return;
      }
      if (reply.kind === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      const text =
        reply.kind === 'json'
          ? JSON.stringify(reply.body)
          : reply.kind === 'fn'
            ? JSON.stringify(reply.answer(raw))
            : reply.body;
      const send = () => {
        const head = reply.kind === 'fn' ? {} : { status: reply.status, headers: reply.headers };
        res.writeHead(head.status ?? 200, { 'content-type': 'application/json', ...(head.headers ?? {}) });
        res.end(text);
      };
      // A slow model: the answer comes after the world has moved on.
      if (reply.kind === 'json' && reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(next) {
      queue = next.slice();
    },
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
