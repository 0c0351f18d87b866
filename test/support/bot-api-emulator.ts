import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small Telegram Bot API server for tests and benches, recording every call. telegram-test-api answers
 * getUpdates at once (a poller spins), knows no forum topics or group chats and keeps no log of calls; this
 * one long-polls like Telegram, refuses a second concurrent poller with 409 as Telegram does (so a test can
 * prove that only one node polls), delivers to a webhook with its secret token, and supports the methods the
 * bot uses: getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo, sendMessage, editMessageText,
 * editMessageReplyMarkup, answerCallbackQuery, deleteMessage.
 */

export interface EmulatedUser {
  readonly id: number;
  readonly first_name: string;
  readonly last_name?: string;
  readonly username?: string;
  readonly language_code?: string;
}

export interface EmulatedChat {
  readonly id: number;
  readonly type: 'private' | 'group' | 'supergroup';
  readonly title?: string;
  readonly is_forum?: boolean;
}

export interface RecordedCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  /** `performance.now()` when the request arrived. */
  readonly at: number;
  readonly status: number;
}

export interface BotMessage {
  readonly message_id: number;
  readonly chat: { id: number; type: string };
  readonly message_thread_id?: number;
  text: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] } | undefined;
}

/**
 * What a test makes of a call before the emulator answers it: `hold` never answers it (a send in flight when
 * the caller dies; nothing is delivered), `deliverThenHold` does what it asks but never answers (a send that
 * times out after Telegram delivered it), an answer is sent instead of the method's own, `undefined` lets it be.
 */
export type CallFault =
  | 'hold'
  | 'deliverThenHold'
  | { readonly status: number; readonly description: string; readonly parameters?: Record<string, unknown> }
  | undefined;

interface Update {
  readonly update_id: number;
  readonly [kind: string]: unknown;
}

interface Poll {
  readonly respond: (status: number, body: unknown) => void;
  readonly timer: NodeJS.Timeout;
}

export const EMULATED_BOT = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: 'TBot',
  username: 'tbot_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as const;

export class BotApiEmulator {
  readonly calls: RecordedCall[] = [];
  /** What the bot sent, by message id, in its latest state (edits applied). */
  readonly messages = new Map<number, BotMessage>();
  readonly callbackAnswers = new Map<string, { text?: string }>();
  private readonly updates: Update[] = [];
  private nextUpdateId = 100_000;
  private nextMessageId = 1;
  private nextCallbackId = 1;
  private poll: Poll | null = null;
  private webhook: { url: string; secret: string | undefined } | null = null;
  /** 409 answers to getUpdates: two pollers at once. */
  conflicts = 0;
  private readonly listeners: ((call: RecordedCall) => void)[] = [];
  private readonly faults: ((method: string, payload: Record<string, unknown>) => CallFault)[] = [];
  /** Calls held open by a fault, oldest first. */
  readonly held: { readonly method: string; readonly payload: Record<string, unknown> }[] = [];

  private constructor(
    private readonly server: Server,
    readonly apiRoot: string,
  ) {}

  static async start(): Promise<BotApiEmulator> {
    const handlers: ((req: IncomingMessage, res: ServerResponse) => void)[] = [];
    const server = createServer((req, res) => handlers[0]?.(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const emulator = new BotApiEmulator(server, `http://127.0.0.1:${port}`);
    handlers.push((req, res) => emulator.handle(req, res));
    return emulator;
  }

  async stop(): Promise<void> {
    this.poll?.respond(200, { ok: true, result: [] });
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A user writes `text` in `chat` (their private chat by default). Returns the update id and message. */
  sendText(
    user: EmulatedUser,
    text: string,
    options: {
      chat?: EmulatedChat;
      threadId?: number;
      topicName?: string;
      replyTo?: number;
      /** When the user sent it (Unix seconds), if not now: a message delivered late. */
      date?: number;
    } = {},
  ): { updateId: number; messageId: number } {
    const chat = options.chat ?? { id: user.id, type: 'private' as const };
    const messageId = this.nextMessageId++;
    const command = /^\/\w+(@\w+)?/.exec(text);
    const message: Record<string, unknown> = {
      message_id: messageId,
      from: { is_bot: false, ...user },
      chat: chat.type === 'private' ? { ...chat, first_name: user.first_name } : chat,
      date: options.date ?? Math.floor(Date.now() / 1000),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    };
    if (options.threadId !== undefined) {
      message['message_thread_id'] = options.threadId;
      message['is_topic_message'] = true;
      if (options.topicName) {
        message['reply_to_message'] = {
          message_id: options.threadId,
          chat,
          date: message['date'],
          forum_topic_created: { name: options.topicName, icon_color: 0x6fb9f0 },
        };
      }
    }
    // A reply to one of the bot's messages carries it, its buttons included, as Telegram's does.
    const replied = options.replyTo === undefined ? undefined : this.messages.get(options.replyTo);
    if (replied) {
      message['reply_to_message'] = { ...replied, from: EMULATED_BOT, date: message['date'] };
    }
    return { updateId: this.push({ message }), messageId };
  }

  /** A user presses a button carrying `data` under the bot's message `messageId`. Returns the callback id. */
  press(user: EmulatedUser, messageId: number, data: string): string {
    const message = this.messages.get(messageId);
    const id = String(this.nextCallbackId++);
    this.push({
      callback_query: {
        id,
        from: { is_bot: false, ...user },
        chat_instance: 'ci-1',
        data,
        ...(message
          ? { message: { ...message, from: EMULATED_BOT, date: Math.floor(Date.now() / 1000) } }
          : {}),
      },
    });
    return id;
  }

  /** Delivers an update again, as Telegram does after a webhook failure or to a poller that took over. */
  redeliver(update: Update): void {
    this.updates.push(update);
    this.flush();
  }

  /** Every update pushed, for redelivery tests. */
  readonly pushed: Update[] = [];

  /** Messages the bot sent to `chatId`, oldest first. */
  sentTo(chatId: number): BotMessage[] {
    return [...this.messages.values()].filter((m) => m.chat.id === chatId);
  }

  /** Calls `listener` with every call once answered (a bench waits on replies without polling). */
  onCall(listener: (call: RecordedCall) => void): void {
    this.listeners.push(listener);
  }

  /** Lets `fault` hold or fail calls before they are answered; the first fault that answers wins. */
  injectFault(fault: (method: string, payload: Record<string, unknown>) => CallFault): void {
    this.faults.push(fault);
  }

  /** Successful calls of `method`. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && call.status === 200);
  }

  private push(body: Record<string, unknown>): number {
    const update: Update = { update_id: this.nextUpdateId++, ...body };
    this.pushed.push(update);
    this.updates.push(update);
    this.flush();
    return update.update_id;
  }

  private flush(): void {
    if (this.webhook) {
      const { url, secret } = this.webhook;
      for (const update of this.updates.splice(0)) {
        void fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
          },
          body: JSON.stringify(update),
        }).catch(() => undefined);
      }
      return;
    }
    if (this.poll && this.updates.length > 0) {
      const { respond, timer } = this.poll;
      clearTimeout(timer);
      this.poll = null;
      respond(200, { ok: true, result: this.updates.slice(0, 100) });
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      const method = /^\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1] ?? '';
      let payload: Record<string, unknown> = {};
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw !== '') {
        try {
          payload = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          payload = Object.fromEntries(new URLSearchParams(raw));
        }
      }
      const respond = (status: number, body: unknown) => {
        const call = { method, payload, at, status };
        this.calls.push(call);
        for (const listener of this.listeners) listener(call);
        if (res.writableEnded) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      for (const fault of this.faults) {
        const injected = fault(method, payload);
        if (injected === undefined) continue;
        if (injected === 'hold') {
          this.held.push({ method, payload });
          return;
        }
        if (injected === 'deliverThenHold') {
          this.held.push({ method, payload });
          // Done and recorded, but the caller never hears of it.
          this.answer(method, payload, (status) => this.calls.push({ method, payload, at, status }), res);
          return;
        }
        const { status, description, parameters } = injected;
        respond(status, {
          ok: false,
          error_code: status,
          description,
          ...(parameters ? { parameters } : {}),
        });
        return;
      }
      this.answer(method, payload, respond, res);
    });
  }

  private answer(
    method: string,
    p: Record<string, unknown>,
    respond: (status: number, body: unknown) => void,
    res: ServerResponse,
  ): void {
    const ok = (result: unknown) => respond(200, { ok: true, result });
    const fail = (status: number, description: string) =>
      respond(status, { ok: false, error_code: status, description });
    switch (method) {
      case 'getMe':
        return ok(EMULATED_BOT);
      case 'getUpdates':
        return this.getUpdates(p, respond, res);
      case 'setWebhook':
        this.webhook = {
          url: String(p['url']),
          secret: typeof p['secret_token'] === 'string' ? p['secret_token'] : undefined,
        };
        ok(true);
        return this.flush();
      case 'deleteWebhook':
        this.webhook = null;
        return ok(true);
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 });
      case 'sendMessage': {
        const chatId = Number(p['chat_id']);
        if (!Number.isSafeInteger(chatId)) return fail(400, 'Bad Request: chat not found');
        const message: BotMessage = {
          message_id: this.nextMessageId++,
          chat: { id: chatId, type: chatId > 0 ? 'private' : 'supergroup' },
          ...(typeof p['message_thread_id'] === 'number'
            ? { message_thread_id: p['message_thread_id'] }
            : {}),
          text: typeof p['text'] === 'string' ? p['text'] : '',
          ...(p['reply_markup'] ? { reply_markup: p['reply_markup'] as BotMessage['reply_markup'] } : {}),
        };
        this.messages.set(message.message_id, message);
        return ok({ ...message, from: EMULATED_BOT, date: Math.floor(Date.now() / 1000) });
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const message = this.messages.get(Number(p['message_id']));
        if (!message || message.chat.id !== Number(p['chat_id'])) {
          return fail(400, 'Bad Request: message to edit not found');
        }
        if (method === 'editMessageText') message.text = typeof p['text'] === 'string' ? p['text'] : '';
        if (p['reply_markup']) message.reply_markup = p['reply_markup'] as BotMessage['reply_markup'];
        else if (method === 'editMessageText') delete message.reply_markup;
        return ok({ ...message, from: EMULATED_BOT, date: Math.floor(Date.now() / 1000) });
      }
      case 'answerCallbackQuery':
        this.callbackAnswers.set(
          String(p['callback_query_id']),
          typeof p['text'] === 'string' ? { text: p['text'] } : {},
        );
        return ok(true);
      case 'deleteMessage':
        return ok(this.messages.delete(Number(p['message_id'])));
      default:
        return fail(404, 'Not Found: method not found');
    }
  }

  private getUpdates(
    p: Record<string, unknown>,
    respond: (status: number, body: unknown) => void,
    res: ServerResponse,
  ): void {
    if (this.webhook) {
      respond(409, {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active",
      });
      return;
    }
    // Like Telegram: a newer getUpdates ends the one waiting, which gets a 409.
    if (this.poll) {
      this.conflicts += 1;
      clearTimeout(this.poll.timer);
      this.poll.respond(409, {
        ok: false,
        error_code: 409,
        description: 'Conflict: terminated by other getUpdates request',
      });
      this.poll = null;
    }
    const offset = Number(p['offset'] ?? 0);
    // Confirmed updates are forgotten, as on Telegram.
    if (offset > 0) {
      const keep = this.updates.filter((u) => u.update_id >= offset);
      this.updates.splice(0, this.updates.length, ...keep);
    }
    const limit = Math.min(Number(p['limit'] ?? 100) || 100, 100);
    if (this.updates.length > 0) {
      respond(200, { ok: true, result: this.updates.slice(0, limit) });
      return;
    }
    const timeoutMs = Math.min(Number(p['timeout'] ?? 0), 50) * 1000;
    const timer = setTimeout(() => {
      if (this.poll?.timer === timer) this.poll = null;
      respond(200, { ok: true, result: [] });
    }, timeoutMs);
    const poll: Poll = { respond, timer };
    this.poll = poll;
    // A poller that went away (stopped, aborted) no longer waits: its request must not swallow updates.
    res.once('close', () => {
      if (this.poll === poll) {
        clearTimeout(timer);
        this.poll = null;
      }
    });
  }
}
