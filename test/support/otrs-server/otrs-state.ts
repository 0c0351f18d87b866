import { randomBytes } from 'node:crypto';
import { type CatalogEntry, DEFAULT_QUEUES, lookUp, PRIORITIES, STATES } from './otrs-catalog.ts';
import type { FakeAgent, FakeTicket } from './otrs-records.ts';
import { serverLocalText } from './otrs-server-time.ts';

/** A change to a ticket as an agent makes it, by name (as TicketUpdate takes it). */
export interface TicketChange {
  readonly title?: string;
  readonly state?: string;
  readonly owner?: string;
  readonly responsible?: string;
  readonly lock?: 'lock' | 'unlock';
  readonly queue?: string;
  readonly priority?: string;
  readonly note?: { readonly subject: string; readonly body: string; readonly visibleForCustomer?: boolean };
}

export interface NewTicket {
  readonly title: string;
  readonly queue?: string;
  readonly state?: string;
  readonly priority?: string;
  /** Login of the owner; default the first agent. */
  readonly owner?: string;
  readonly customerUserId?: string;
  /** The first article (from the customer). */
  readonly body?: string;
  /** When it was created; default the server's now. */
  readonly createdAt?: Date;
  readonly escalationSolutionAt?: Date;
}

/** The event Znuny fires with each history entry a change writes. */
const EVENT_OF_HISTORY: Readonly<Record<string, OtrsTicketEventName>> = {
  TitleUpdate: 'TicketTitleUpdate',
  Move: 'TicketQueueUpdate',
  Lock: 'TicketLockUpdate',
  Unlock: 'TicketLockUpdate',
  OwnerUpdate: 'TicketOwnerUpdate',
  ResponsibleUpdate: 'TicketResponsibleUpdate',
  StateUpdate: 'TicketStateUpdate',
  PriorityUpdate: 'TicketPriorityUpdate',
  AddNote: 'ArticleCreate',
};

/** A ticket event as Znuny's event handler names it (what an Invoker is connected to). */
export type OtrsTicketEventName =
  | 'TicketCreate'
  | 'TicketTitleUpdate'
  | 'TicketQueueUpdate'
  | 'TicketLockUpdate'
  | 'TicketOwnerUpdate'
  | 'TicketResponsibleUpdate'
  | 'TicketStateUpdate'
  | 'TicketPriorityUpdate'
  | 'ArticleCreate';

/** Told of each ticket event once the change is made (the Invoker's trigger). */
export type TicketEventListener = (event: {
  readonly name: OtrsTicketEventName;
  readonly ticketId: number;
  readonly articleId?: number;
}) => void;

/** The data of the local OTRS server, with the changes its operations and tests make. */
export class OtrsState {
  private readonly listeners: TicketEventListener[] = [];
  readonly agents = new Map<string, FakeAgent>();
  readonly sessions = new Map<string, string>();
  readonly tickets = new Map<number, FakeTicket>();
  readonly queues: CatalogEntry[] = [...DEFAULT_QUEUES];
  private nextTicketId: number;
  private nextArticleId = 1;
  private nextAgentId = 2;

  constructor(
    readonly timeZone: string,
    readonly now: () => Date,
    firstTicketId = 1,
  ) {
    this.nextTicketId = firstTicketId;
    // Znuny's own admin user, id 1: the system's changes are by it.
    this.agents.set('root@localhost', {
      id: 1,
      login: 'root@localhost',
      password: randomBytes(8).toString('hex'),
    });
  }

  /** Calls `listener` with every ticket event from now on; returns the way to stop. */
  onTicketEvent(listener: TicketEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  private emit(name: OtrsTicketEventName, ticketId: number, articleId?: number): void {
    for (const listener of [...this.listeners])
      listener({ name, ticketId, ...(articleId === undefined ? {} : { articleId }) });
  }

  localNow(): string {
    return serverLocalText(this.now(), this.timeZone);
  }

  addAgent(login: string, password: string): FakeAgent {
    const agent = { id: this.nextAgentId++, login, password };
    this.agents.set(login, agent);
    return agent;
  }

  agentById(id: number): FakeAgent | undefined {
    return [...this.agents.values()].find((agent) => agent.id === id);
  }

  openSession(login: string): string {
    const id = randomBytes(16).toString('hex');
    this.sessions.set(id, login);
    return id;
  }

  addTicket(input: NewTicket): FakeTicket {
    const id = this.nextTicketId++;
    const at = input.createdAt ?? this.now();
    const created = serverLocalText(at, this.timeZone);
    const owner = this.agents.get(input.owner ?? '') ?? this.agentById(1);
    const state = lookUp(STATES, { name: input.state ?? 'new' }) ?? STATES[0];
    const ticket: FakeTicket = {
      id,
      number: `${created.slice(0, 10).replaceAll('-', '')}${String(id).padStart(6, '0')}`,
      title: input.title,
      stateId: state?.id ?? 1,
      priorityId: lookUp(PRIORITIES, { name: input.priority ?? '3 normal' })?.id ?? 3,
      queueId: lookUp(this.queues, { name: input.queue ?? 'Raw' })?.id ?? 2,
      ownerId: owner?.id ?? 1,
      responsibleId: owner?.id ?? 1,
      lock: 'unlock',
      customerUserId: input.customerUserId ?? 'customer@example.com',
      created,
      changed: created,
      changeBy: 1,
      escalationResponseTime: 0,
      escalationUpdateTime: 0,
      escalationSolutionTime: input.escalationSolutionAt
        ? Math.floor(input.escalationSolutionAt.getTime() / 1000)
        : 0,
      articles: [],
      history: [],
    };
    this.tickets.set(id, ticket);
    this.record(ticket, 1, 'NewTicket', `%%${ticket.number}%%Raw%%3 normal%%new%%${id}`, 0, created);
    if (input.body !== undefined) {
      const article = {
        id: this.nextArticleId++,
        from: ticket.customerUserId,
        subject: input.title,
        body: input.body,
        senderType: 'customer' as const,
        isVisibleForCustomer: true,
        contentType: 'text/plain; charset=utf8',
        createTime: created,
        createdBy: 1,
      };
      ticket.articles.push(article);
      this.record(ticket, 1, 'EmailCustomer', '%%', article.id, created);
    }
    this.emit('TicketCreate', id);
    const first = ticket.articles[0];
    if (first) this.emit('ArticleCreate', id, first.id);
    return ticket;
  }

  /**
   * Applies `change` as the agent `byAgentId`, one history entry per attribute changed (as Znuny writes them),
   * and returns the new article's id if a note was added. Assumes the names were checked.
   */
  change(ticket: FakeTicket, byAgentId: number, change: TicketChange): number | undefined {
    const at = this.localNow();
    const historyBefore = ticket.history.length;
    if (change.title !== undefined && change.title !== ticket.title) {
      ticket.title = change.title;
      this.record(ticket, byAgentId, 'TitleUpdate', `%%${change.title}`, 0, at);
    }
    const queue = change.queue === undefined ? undefined : lookUp(this.queues, { name: change.queue });
    if (queue && queue.id !== ticket.queueId) {
      const old = lookUp(this.queues, { id: ticket.queueId });
      ticket.queueId = queue.id;
      this.record(ticket, byAgentId, 'Move', `%%${queue.name}%%${queue.id}%%${old?.name}%%${old?.id}`, 0, at);
    }
    if (change.lock !== undefined && change.lock !== ticket.lock) {
      ticket.lock = change.lock;
      this.record(ticket, byAgentId, change.lock === 'lock' ? 'Lock' : 'Unlock', `%%${change.lock}`, 0, at);
    }
    const owner = change.owner === undefined ? undefined : this.agents.get(change.owner);
    if (owner && owner.id !== ticket.ownerId) {
      ticket.ownerId = owner.id;
      this.record(ticket, byAgentId, 'OwnerUpdate', `%%${owner.login}%%${owner.id}`, 0, at);
    }
    const responsible = change.responsible === undefined ? undefined : this.agents.get(change.responsible);
    if (responsible && responsible.id !== ticket.responsibleId) {
      ticket.responsibleId = responsible.id;
      this.record(ticket, byAgentId, 'ResponsibleUpdate', `%%${responsible.login}%%${responsible.id}`, 0, at);
    }
    const state = change.state === undefined ? undefined : lookUp(STATES, { name: change.state });
    if (state && state.id !== ticket.stateId) {
      const old = lookUp(STATES, { id: ticket.stateId });
      ticket.stateId = state.id;
      this.record(ticket, byAgentId, 'StateUpdate', `%%${old?.name}%%${state.name}%%`, 0, at);
    }
    const priority =
      change.priority === undefined ? undefined : lookUp(PRIORITIES, { name: change.priority });
    if (priority && priority.id !== ticket.priorityId) {
      const old = lookUp(PRIORITIES, { id: ticket.priorityId });
      ticket.priorityId = priority.id;
      this.record(
        ticket,
        byAgentId,
        'PriorityUpdate',
        `%%${old?.name}%%${old?.id}%%${priority.name}%%${priority.id}`,
        0,
        at,
      );
    }
    let articleId: number | undefined;
    if (change.note) {
      articleId = this.nextArticleId++;
      ticket.articles.push({
        id: articleId,
        from: this.agentById(byAgentId)?.login ?? '',
        subject: change.note.subject,
        body: change.note.body,
        senderType: 'agent',
        isVisibleForCustomer: change.note.visibleForCustomer ?? false,
        contentType: 'text/plain; charset=utf8',
        createTime: at,
        createdBy: byAgentId,
      });
      this.record(ticket, byAgentId, 'AddNote', 'Added note (Note)', articleId, at);
    }
    ticket.changed = at;
    ticket.changeBy = byAgentId;
    for (const entry of ticket.history.slice(historyBefore)) {
      const name = EVENT_OF_HISTORY[entry.historyType];
      if (name) this.emit(name, ticket.id, name === 'ArticleCreate' ? entry.articleId : undefined);
    }
    return articleId;
  }

  private record(
    ticket: FakeTicket,
    createdBy: number,
    historyType: string,
    name: string,
    articleId: number,
    createTime: string,
  ): void {
    ticket.history.push({
      historyType,
      name,
      articleId,
      createdBy,
      createTime,
      queueId: ticket.queueId,
      ownerId: ticket.ownerId,
      priorityId: ticket.priorityId,
      stateId: ticket.stateId,
    });
  }
}
