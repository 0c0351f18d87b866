import { MAX_SERVERS_PER_GROUP, serverNameKey } from '../../../domain/monitoring/index.ts';
import type { GroupTarget, GroupToCreate, PlannedRow, ServerImportPlan } from './import-steps.ts';
import type { LiveGroup, LiveServer, MonitoringSnapshot } from './monitoring-snapshot.ts';
import { type Chain, followParents } from './parent-chains.ts';
import { type ResolvedRow, type RowPlan, planServerRow } from './plan-server-row.ts';
import type { RowProblem, ServerSheet, ServerSheetRow } from './server-sheet.ts';

export interface ServerImportPlanInput {
  readonly sheet: ServerSheet;
  readonly snapshot: MonitoringSnapshot;
  /** `monitoring.checkIntervalSeconds`: the interval of a check whose row names none. */
  readonly defaultIntervalSeconds: number;
}

/** Refinement passes over the parent chains: each settles every row whose chain meets a refusal. */
const MAX_PASSES = 20;

/** Group names compare as server names do: case and runs of spaces aside. */
const groupKey = serverNameKey;

interface Working {
  readonly sheet: ServerSheetRow;
  readonly key: string;
  readonly existing: LiveServer | undefined;
  readonly resolved: ResolvedRow;
  plan: RowPlan;
  depth: number;
}

const refused = (work: Working) => work.plan.problems.length > 0;

function refuse(work: Working, problem: RowProblem): void {
  work.plan = { steps: [], changes: [], problems: [...work.plan.problems, problem] };
}

/**
 * Plans an import of the servers sheet against the servers and groups TBot has, writing nothing: each row
 * is matched by server name (names are unique), then planned on its own (`planServerRow`), then the parent
 * chains are followed as the import leaves them, so that a cycle, a chain too deep or a parent that will
 * not exist refuses the rows it touches. Groups the sheet names and TBot lacks are created (once each).
 * A refused row refuses nothing else, unless a row depends on it as a parent it would have created.
 * Servers no row names are left as they are.
 */
export function planServerImport(input: ServerImportPlanInput): ServerImportPlan {
  const { sheet, snapshot, defaultIntervalSeconds } = input;
  const serversByKey = new Map(snapshot.servers.map((server) => [serverNameKey(server.name), server]));
  const keyById = new Map(snapshot.servers.map((server) => [server.serverId, serverNameKey(server.name)]));
  const groupsByKey = new Map<string, LiveGroup[]>();
  for (const group of snapshot.groups) {
    const key = groupKey(group.name);
    groupsByKey.set(key, [...(groupsByKey.get(key) ?? []), group]);
  }
  const rowsByKey = new Map<string, number[]>();
  for (const row of sheet.rows) {
    if (row.name === '') continue;
    const key = serverNameKey(row.name);
    rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), row.row]);
  }

  const newGroups = new Map<string, { name: string; rows: number[] }>();
  const resolve = (row: ServerSheetRow): { resolved: ResolvedRow; problems: RowProblem[] } => {
    const problems: RowProblem[] = [];
    let group: GroupTarget | null | undefined = row.group === undefined ? undefined : null;
    if (typeof row.group === 'string') {
      const key = groupKey(row.group);
      const found = groupsByKey.get(key) ?? [];
      if (found.length > 1) {
        problems.push({
          field: 'group',
          message: `${found.length} groups are called "${row.group}": rename one`,
        });
      } else if (found[0] !== undefined) group = { groupId: found[0].groupId };
      else group = { newGroup: key };
    }
    let parent: string | null | undefined = row.parent === undefined ? undefined : null;
    if (typeof row.parent === 'string') {
      const key = serverNameKey(row.parent);
      if (key === serverNameKey(row.name)) {
        problems.push({ field: 'parent', message: 'a server cannot depend on itself' });
      } else if (rowsByKey.has(key) || serversByKey.has(key)) parent = key;
      else
        problems.push({
          field: 'parent',
          message: `no server is called "${row.parent}", in the sheet or in TBot`,
        });
    }
    return { resolved: { sheet: row, group, parent }, problems };
  };

  const context = {
    defaultIntervalSeconds,
    keyOf: (serverId: string) => keyById.get(serverId) ?? null,
  };
  const works: Working[] = sheet.rows.map((row) => {
    const key = serverNameKey(row.name);
    const existing = row.name === '' ? undefined : serversByKey.get(key);
    const { resolved, problems } = resolve(row);
    const plan = planServerRow(resolved, existing, context);
    const work: Working = { sheet: row, key, existing, resolved, plan, depth: 0 };
    const twice = rowsByKey.get(key) ?? [];
    if (twice.length > 1) {
      refuse(work, { field: 'name', message: `the sheet names "${row.name}" on rows ${twice.join(', ')}` });
    }
    for (const problem of problems) refuse(work, problem);
    return work;
  });

  // A group takes at most so many servers: counted as the snapshot has them, plus the rows joining it.
  const members = new Map<string, number>();
  for (const server of snapshot.servers) {
    if (server.groupId !== null) members.set(server.groupId, (members.get(server.groupId) ?? 0) + 1);
  }
  for (const work of works) {
    const target = work.plan.steps.flatMap((step) =>
      step.kind === 'register' || step.kind === 'group' ? [step.group] : [],
    )[0];
    if (!target) continue;
    const id = 'groupId' in target ? target.groupId : `new:${target.newGroup}`;
    const count = (members.get(id) ?? 0) + 1;
    if (count > MAX_SERVERS_PER_GROUP) {
      refuse(work, {
        field: 'group',
        message: `the group would hold more than ${MAX_SERVERS_PER_GROUP} servers`,
      });
    } else members.set(id, count);
  }

  // Nodes by name key: the sheet's rows (the first of a name: a repeated name refuses them all) and servers.
  const rowByKey = new Map<string, Working>();
  for (const work of works) if (!rowByKey.has(work.key)) rowByKey.set(work.key, work);
  const graph = {
    parentOf(key: string): string | null {
      const work = rowByKey.get(key);
      if (work && !refused(work) && work.resolved.parent !== undefined) return work.resolved.parent;
      const server = work?.existing ?? serversByKey.get(key);
      return server?.parentId == null ? null : (keyById.get(server.parentId) ?? null);
    },
    isRefused(key: string): boolean {
      const work = rowByKey.get(key);
      return work !== undefined && refused(work) && work.existing === undefined;
    },
  };
  const names = (keys: readonly string[]) =>
    keys.map((key) => rowByKey.get(key)?.sheet.name ?? serversByKey.get(key)?.name ?? key).join(' → ');
  const messageOf = (chain: Exclude<Chain, { kind: 'ok' }>): string => {
    switch (chain.kind) {
      case 'cycle':
        return chain.own
          ? `${names(chain.names)} is a cycle`
          : `its parents lead into a cycle (${names(chain.names)})`;
      case 'too-deep':
        return 'the chain of parents is too deep';
      case 'refused': {
        const row = rowByKey.get(chain.key)?.sheet.row ?? '?';
        const whose = chain.direct ? 'its parent' : 'a server above it';
        return `${whose}, row ${row} (${names([chain.key])}), is refused, so it is not created`;
      }
    }
  };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // Every chain of a pass is followed before any is refused: both rows of a cycle say so.
    const broken: [Working, Exclude<Chain, { kind: 'ok' }>][] = [];
    for (const work of works) {
      if (refused(work)) continue;
      const chain = followParents(work.key, graph);
      if (chain.kind === 'ok') work.depth = chain.depth;
      else broken.push([work, chain]);
    }
    for (const [work, chain] of broken) refuse(work, { field: 'parent', message: messageOf(chain) });
    if (broken.length === 0) break;
  }

  for (const work of works) {
    if (refused(work)) continue;
    for (const step of work.plan.steps) {
      const group = step.kind === 'register' || step.kind === 'group' ? step.group : null;
      if (group === null || !('newGroup' in group)) continue;
      const entry = newGroups.get(group.newGroup);
      if (entry) entry.rows.push(work.sheet.row);
      else
        newGroups.set(group.newGroup, { name: work.sheet.group ?? group.newGroup, rows: [work.sheet.row] });
    }
  }
  const rows: PlannedRow[] = works.map((work) => ({
    row: work.sheet.row,
    name: work.sheet.name,
    key: work.key,
    outcome: refused(work)
      ? 'error'
      : work.existing === undefined
        ? 'create'
        : work.plan.steps.length > 0
          ? 'change'
          : 'unchanged',
    ...(work.existing === undefined ? {} : { serverId: work.existing.serverId }),
    steps: refused(work) ? [] : work.plan.steps,
    changes: refused(work) ? [] : work.plan.changes,
    problems: work.plan.problems,
    depth: work.depth,
  }));
  const named = new Set(works.map((work) => work.key));
  const groupsToCreate: GroupToCreate[] = [...newGroups].map(([key, entry]) => ({ key, ...entry }));
  return {
    rows,
    groupsToCreate,
    absent: snapshot.servers.filter((server) => !named.has(serverNameKey(server.name))).length,
  };
}
