import { createHash } from 'node:crypto';
import { serverNameKey } from '../../../domain/monitoring/index.ts';
import { DomainError, type EventMetadata } from '../../../domain/shared/index.ts';
import type { CommandContext } from '../../commands/index.ts';
import type { Checkpoint } from '../../ports/index.ts';
import type { ServerGroupCommands } from '../server-group-commands.ts';
import type { IssuedPushToken, ServerCommands } from '../server-commands.ts';
import type { GroupTarget, ImportStep, PlannedRow, ServerImportPlan } from './import-steps.ts';
import type { MonitoringSnapshot } from './monitoring-snapshot.ts';
import { rowProblemOf } from './problem-column.ts';
import type { CreatedGroup, ImportedPushToken, ServerImportRowResult } from './server-import-report.ts';
import type { RowProblem } from './server-sheet.ts';

export interface CommitDeps {
  readonly servers: ServerCommands;
  readonly groups: ServerGroupCommands;
}

export interface CommitInput {
  readonly plan: ServerImportPlan;
  readonly snapshot: MonitoringSnapshot;
  /** Every command's events carry it (the actor, the import id as correlation). */
  readonly metadata: EventMetadata;
  /**
   * What each command's idempotency key starts with: `<base>:row-7:register`. The same base for a retry of
   * the same import (the same file under the same `Idempotency-Key`) makes each command it already ran
   * append nothing again, and a registration cut short finish with the ids it began with.
   */
  readonly keyBase: string;
}

export interface CommitResult {
  readonly rows: readonly ServerImportRowResult[];
  readonly groupsCreated: readonly CreatedGroup[];
  readonly pushTokens: readonly ImportedPushToken[];
  readonly checkpoint: Checkpoint | null;
}

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The key of one step of a row: named for what it does, so a retry that plans less never reuses one. */
function partOf(step: ImportStep): string {
  switch (step.kind) {
    case 'register':
    case 'change':
    case 'group':
    case 'parent':
      return step.kind;
    case 'addCheck':
      return `add-${short(step.identity)}`;
    case 'changeCheck':
      return `check-${step.checkId}`;
    case 'removeCheck':
      return `remove-${step.checkId}`;
  }
}

/**
 * Runs a plan through the groups' and servers' commands: the groups to create, then the rows by depth
 * (servers without a parent first, then their children), each row's steps in order. A row refused here (a
 * race with another write) is reported with what of it was applied; the rows that needed it as a new
 * parent are refused too, and nothing else is.
 */
export async function commitServerImport(deps: CommitDeps, input: CommitInput): Promise<CommitResult> {
  const { plan, metadata, keyBase } = input;
  const write = (part: string): CommandContext => ({ metadata, idempotencyKey: `${keyBase}:${part}` });
  let checkpoint: Checkpoint | null = null;
  const noted = <R extends { readonly checkpoint: Checkpoint | null }>(result: R): R => {
    checkpoint = result.checkpoint ?? checkpoint;
    return result;
  };

  // A failure of the store (not a refusal) once something is written: what was written stays and is answered
  // as written; the rows after it are reported as not imported, for a rerun (which re-plans) to finish.
  const halt: { reason?: string } = {};
  const stop = (error: unknown, at: string) => {
    if (error instanceof DomainError || checkpoint === null) throw error;
    // The class only: a driver's message may quote what was written.
    halt.reason = `the import stopped at ${at} (${error instanceof Error ? error.name : 'an error'}); run it again to finish`;
  };

  const groupIds = new Map<string, string>();
  const groupFailures = new Map<string, string>();
  const groupsCreated: CreatedGroup[] = [];
  for (const group of plan.groupsToCreate) {
    try {
      const result = noted(
        await deps.groups.create({ name: group.name }, write(`group-${short(group.key)}`)),
      );
      groupIds.set(group.key, result.groupId);
      groupsCreated.push({ name: group.name, groupId: result.groupId, rows: group.rows });
    } catch (error) {
      if (!(error instanceof DomainError)) {
        stop(error, `group ${group.name}`);
        break;
      }
      groupFailures.set(group.key, rowProblemOf(error).message);
    }
  }

  const serverIds = new Map(input.snapshot.servers.map((s) => [serverNameKey(s.name), s.serverId]));
  const notCreated = new Map<string, number>();
  const pushTokens: ImportedPushToken[] = [];
  const results = new Map<number, ServerImportRowResult>();

  const groupIdOf = (target: GroupTarget | null): string | null => {
    if (target === null) return null;
    if ('groupId' in target) return target.groupId;
    const id = groupIds.get(target.newGroup);
    if (id === undefined)
      throw new Refused({
        field: 'group',
        message: `the group was not created: ${groupFailures.get(target.newGroup) ?? ''}`,
      });
    return id;
  };
  const parentIdOf = (key: string | null): string | null => {
    if (key === null) return null;
    const id = serverIds.get(key);
    if (id === undefined) {
      throw new Refused({
        field: 'parent',
        message: `its parent, row ${notCreated.get(key) ?? '?'}, was not created`,
      });
    }
    return id;
  };

  const ordered = plan.rows
    .filter((row) => row.outcome === 'create' || row.outcome === 'change')
    .sort((a, b) => a.depth - b.depth || a.row - b.row);
  for (const row of ordered) {
    if (halt.reason !== undefined) {
      results.set(row.row, {
        row: row.row,
        name: row.name,
        outcome: 'error',
        ...(row.serverId === undefined ? {} : { serverId: row.serverId }),
        problems: [{ field: 'name', message: `not imported: ${halt.reason}` }],
      });
      continue;
    }
    const applied: string[] = [];
    let serverId = row.serverId;
    const issued = (tokens: readonly IssuedPushToken[]) =>
      pushTokens.push(...tokens.map((t) => ({ row: row.row, server: row.name, ...t })));
    try {
      for (const step of row.steps) {
        const context = write(`row-${row.row}:${partOf(step)}`);
        if (step.kind === 'register') {
          const result = noted(
            await deps.servers.register(
              {
                name: step.name,
                host: step.host,
                groupId: groupIdOf(step.group),
                parentId: parentIdOf(step.parent),
                checks: step.checks,
              },
              context,
            ),
          );
          serverId = result.serverId;
          serverIds.set(row.key, serverId);
          issued(result.pushTokens);
          continue;
        }
        if (serverId === undefined) throw new Error('a change step of a row that matched no server');
        if (step.kind === 'group') {
          noted(await deps.servers.moveToGroup(serverId, groupIdOf(step.group), context));
          applied.push('group');
          continue;
        }
        if (step.kind === 'parent') {
          noted(await deps.servers.setParent(serverId, parentIdOf(step.parent), context));
          applied.push('parent');
          continue;
        }
        applied.push(...(await runStep(deps.servers, serverId, step, context, noted, issued)));
      }
      results.set(row.row, {
        row: row.row,
        name: row.name,
        outcome: row.outcome,
        ...(serverId === undefined ? {} : { serverId }),
        ...(row.outcome === 'change' ? { changes: row.changes } : {}),
      });
    } catch (error) {
      if (!(error instanceof Refused) && !(error instanceof DomainError)) stop(error, `row ${row.row}`);
      const problem =
        error instanceof Refused
          ? error.problem
          : error instanceof DomainError
            ? rowProblemOf(error)
            : { field: 'name' as const, message: `not imported, or in part: ${halt.reason ?? ''}` };
      if (row.outcome === 'create' && !serverIds.has(row.key)) notCreated.set(row.key, row.row);
      results.set(row.row, {
        row: row.row,
        name: row.name,
        outcome: 'error',
        ...(serverId === undefined ? {} : { serverId }),
        ...(applied.length > 0 ? { changes: applied } : {}),
        problems: [problem],
      });
    }
  }
  const rows = plan.rows.map((row) => results.get(row.row) ?? planned(row));
  return { rows, groupsCreated, pushTokens, checkpoint };
}

/** A refusal the commit itself makes (a parent or group that was not created). */
class Refused extends Error {
  override readonly name = 'Refused';
  constructor(readonly problem: RowProblem) {
    super(problem.message);
  }
}

const planned = (row: PlannedRow): ServerImportRowResult => ({
  row: row.row,
  name: row.name,
  outcome: row.outcome,
  ...(row.serverId === undefined ? {} : { serverId: row.serverId }),
  ...(row.outcome === 'change' ? { changes: row.changes } : {}),
  ...(row.problems.length > 0 ? { problems: row.problems } : {}),
});

/** One step on a server TBot has; returns what it changed, for the report of a row refused half-way. */
async function runStep(
  servers: ServerCommands,
  serverId: string,
  step: Exclude<ImportStep, { kind: 'register' | 'group' | 'parent' }>,
  context: CommandContext,
  noted: <R extends { readonly checkpoint: Checkpoint | null }>(result: R) => R,
  issued: (tokens: readonly IssuedPushToken[]) => void,
): Promise<string[]> {
  switch (step.kind) {
    case 'change':
      noted(await servers.change(serverId, step.change, context));
      return Object.keys(step.change);
    case 'addCheck': {
      const result = noted(await servers.addCheck(serverId, step.check, context));
      issued(result.pushTokens);
      return ['checks'];
    }
    case 'changeCheck': {
      const result = noted(await servers.changeCheck(serverId, step.checkId, step.check, context));
      issued(result.pushTokens);
      return ['checks'];
    }
    case 'removeCheck':
      noted(await servers.removeCheck(serverId, step.checkId, context));
      return ['checks'];
  }
}
