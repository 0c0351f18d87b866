import {
  type CheckDefinition,
  type CheckSpecInput,
  MAX_CHECKS_PER_SERVER,
  type ServerEvent,
  type ServerState,
  normalizeCheckDefinition,
  serverDecider,
} from '../../../domain/monitoring/index.ts';
import type { NewCheck } from '../server-commands.ts';
import { checkIdentity, checkLabel } from './check-identity.ts';
import type { GroupTarget, ImportStep } from './import-steps.ts';
import type { LiveServer } from './monitoring-snapshot.ts';
import { rowProblemOf } from './problem-column.ts';
import { resolveTiming } from './row-timing.ts';
import type { RowCheck, RowProblem, ServerSheetRow } from './server-sheet.ts';

/** A row with its group and parent looked up; `undefined`: the sheet leaves that part as it is. */
export interface ResolvedRow {
  readonly sheet: ServerSheetRow;
  readonly group: GroupTarget | null | undefined;
  readonly parent: string | null | undefined;
}

export interface RowPlan {
  readonly steps: ImportStep[];
  readonly changes: string[];
  readonly problems: RowProblem[];
}

export interface RowPlanContext {
  readonly defaultIntervalSeconds: number;
  /** The name key of a server TBot has, by its id (`null`: it has none such). */
  readonly keyOf: (serverId: string) => string | null;
}

// Stand-ins for what only the commit knows (ids, a push token's digest): the decider checks the rest.
const STAND_IN_DIGEST = '0'.repeat(64);
const STAND_IN_ID = '00000000-0000-4000-8000-000000000000';

const identityOf = (check: RowCheck, host: string): string =>
  check.definition.kind === 'push'
    ? 'push'
    : checkIdentity(normalizeCheckDefinition(check.definition, host, 'check'));

const decideOn = (state: ServerState, command: Parameters<typeof serverDecider.decide>[0]) =>
  serverDecider.decide(command, state);

const METADATA = {
  actor: { kind: 'system', id: 'import-plan', name: 'import plan' },
  correlationId: STAND_IN_ID,
  causationId: STAND_IN_ID,
  source: 'import',
  occurredAt: new Date(0).toISOString(),
} as const;

/** Refuses a check listed twice in one row: the second would be a copy of the first. */
function twiceListed(checks: readonly RowCheck[], host: string): RowProblem | null {
  const seen = new Set<string>();
  for (const check of checks) {
    const identity = identityOf(check, host);
    if (seen.has(identity)) return { field: 'checks', message: `"${check.text}" is listed twice` };
    seen.add(identity);
  }
  return null;
}

/** A new server: checked as its registration will be, with stand-ins for ids, group and parent. */
function planNew(resolved: ResolvedRow, context: RowPlanContext): RowPlan {
  const { sheet } = resolved;
  const problems: RowProblem[] = [];
  if (sheet.checks === undefined) {
    problems.push({ field: 'checks', message: 'a new server needs at least one check' });
  }
  if (sheet.host === null || sheet.checks === undefined) return { steps: [], changes: [], problems };
  const host = sheet.host;
  const twice = twiceListed(sheet.checks, host);
  if (twice) return { steps: [], changes: [], problems: [twice] };
  try {
    const timing = resolveTiming(sheet.timing, undefined, context.defaultIntervalSeconds);
    const checks: NewCheck[] = sheet.checks.map(({ definition }) => ({ definition, timing }));
    const specs: CheckSpecInput[] = checks.map(({ definition }, index) => ({
      checkId: `${STAND_IN_ID.slice(0, -2)}${String(index).padStart(2, '0')}`,
      definition: definition.kind === 'push' ? { kind: 'push', tokenDigest: STAND_IN_DIGEST } : definition,
      timing,
    }));
    decideOn(serverDecider.initialState(), {
      type: 'RegisterServer',
      data: {
        serverId: STAND_IN_ID,
        name: sheet.name,
        host,
        group: null,
        parent: null,
        checks: specs,
      },
      metadata: METADATA,
    });
    const step: ImportStep = {
      kind: 'register',
      name: sheet.name,
      host,
      group: resolved.group ?? null,
      parent: resolved.parent ?? null,
      checks,
    };
    return { steps: [step], changes: [], problems };
  } catch (error) {
    return { steps: [], changes: [], problems: [rowProblemOf(error)] };
  }
}

/** The check steps of a row against the server's checks (on its host after the row's change). */
function planChecks(resolved: ResolvedRow, server: LiveServer, context: RowPlanContext, plan: RowPlan): void {
  const { sheet } = resolved;
  const retime = (current: { timing: NewCheck['timing'] } | undefined) =>
    resolveTiming(sheet.timing, current?.timing, context.defaultIntervalSeconds);
  const change = (checkId: string, definition: CheckDefinition | NewCheck['definition'], label: string) => {
    const current = server.checks.find((check) => check.checkId === checkId);
    const timing = retime(current);
    const stored = definition.kind === 'push' && current ? current.definition : definition;
    const events = decideOn(server, {
      type: 'ChangeCheck',
      data: {
        serverId: server.serverId,
        checkId,
        definition: stored as CheckSpecInput['definition'],
        timing,
      },
      metadata: METADATA,
    });
    if (events.length === 0) return;
    plan.steps.push({
      kind: 'changeCheck',
      checkId,
      check: { definition: definition, timing },
    });
    plan.changes.push(`~${label}`);
  };
  if (sheet.checks === undefined) {
    // No checks given, some timing given: every check takes it.
    if (Object.keys(sheet.timing).length === 0) return;
    for (const check of server.checks) change(check.checkId, check.definition, checkLabel(check.definition));
    return;
  }
  const twice = twiceListed(sheet.checks, server.host);
  if (twice) {
    plan.problems.push(twice);
    return;
  }
  const unmatched = new Map(server.checks.map((check) => [check.checkId, checkIdentity(check.definition)]));
  const adds: ImportStep[] = [];
  for (const check of sheet.checks) {
    const identity = identityOf(check, server.host);
    const match = [...unmatched].find(([, candidate]) => candidate === identity)?.[0];
    if (match === undefined) {
      adds.push({
        kind: 'addCheck',
        identity,
        check: { definition: check.definition, timing: retime(undefined) },
      });
      plan.changes.push(`+${check.text}`);
    } else {
      unmatched.delete(match);
      change(match, check.definition, check.text);
    }
  }
  const count = server.checks.length + adds.length - unmatched.size;
  if (count > MAX_CHECKS_PER_SERVER) {
    plan.problems.push({ field: 'checks', message: `a server has at most ${MAX_CHECKS_PER_SERVER} checks` });
    return;
  }
  // Added before the others go: a server never has none.
  plan.steps.unshift(...adds.map((step) => step));
  for (const [checkId] of unmatched) {
    const stored = server.checks.find((check) => check.checkId === checkId);
    plan.steps.push({ kind: 'removeCheck', checkId });
    if (stored) plan.changes.push(`-${checkLabel(stored.definition)}`);
  }
}

/** A server TBot has: what the row changes of it, each part decided on its state as the commit will. */
function planExisting(resolved: ResolvedRow, server: LiveServer, context: RowPlanContext): RowPlan {
  const { sheet } = resolved;
  const plan: RowPlan = { steps: [], changes: [], problems: [] };
  if (sheet.host === null) return plan;
  try {
    const changed = decideOn(server, {
      type: 'ChangeServer',
      data: { serverId: server.serverId, name: sheet.name, host: sheet.host },
      metadata: METADATA,
    });
    const after = changed.reduce<ServerState>(
      (state, event: ServerEvent) => serverDecider.evolve(state, event),
      server,
    ) as LiveServer;
    const head: ImportStep[] = [];
    if (changed.length > 0) {
      const change: { name?: string; host?: string } = {};
      for (const event of changed) {
        if (event.type === 'ServerRenamed') change.name = sheet.name;
        if (event.type === 'ServerHostChanged') change.host = sheet.host;
      }
      head.push({ kind: 'change', change });
      plan.changes.push(...Object.keys(change));
    }
    const { group, parent } = resolved;
    if (group !== undefined) {
      const moves =
        group === null ? server.groupId !== null : 'newGroup' in group || group.groupId !== server.groupId;
      if (moves) {
        head.push({ kind: 'group', group });
        plan.changes.push('group');
      }
    }
    if (parent !== undefined) {
      const current = server.parentId === null ? null : context.keyOf(server.parentId);
      if (parent !== current) {
        head.push({ kind: 'parent', parent });
        plan.changes.push('parent');
      }
    }
    planChecks(resolved, after, context, plan);
    if (plan.problems.length > 0) return { steps: [], changes: [], problems: plan.problems };
    plan.steps.unshift(...head);
    return plan;
  } catch (error) {
    return { steps: [], changes: [], problems: [rowProblemOf(error)] };
  }
}

/**
 * One row's plan, on its own: its steps and what they change, or its problems. Whether its parent makes a
 * cycle, or is itself refused, is the whole sheet's business (`planServerImport`).
 */
export function planServerRow(
  resolved: ResolvedRow,
  existing: LiveServer | undefined,
  context: RowPlanContext,
): RowPlan {
  if (resolved.sheet.problems.length > 0)
    return { steps: [], changes: [], problems: [...resolved.sheet.problems] };
  return existing === undefined ? planNew(resolved, context) : planExisting(resolved, existing, context);
}
