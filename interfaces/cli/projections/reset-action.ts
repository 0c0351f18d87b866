import { cliEnvironment } from '../cli-environment.ts';
import { projectorNamed } from './command-arguments.ts';
import { confirm } from '../operator.ts';
import { actRecord } from './operator-record.ts';
import { withSession } from './session.ts';

/**
 * `tbot projections reset <name>`: once confirmed, empties the live read model so that its owner replays the
 * log into it, and records `ProjectionReset`.
 */
export async function resetAction(name: string, options: { yes?: boolean; reason?: string }): Promise<void> {
  const projector = projectorNamed(name);
  const env = await cliEnvironment({ logTo: 'stderr' });
  const confirmed = await confirm(
    `reset ${name}`,
    `Reset ${name}: empty its read model now, so that its owner replays the whole log into it (queries see it ` +
      `incomplete meanwhile)?`,
    options.yes,
  );
  if (!confirmed) throw new Error(`reset of ${name} not confirmed: nothing was done`);
  await withSession(env, async (session) => {
    await session.projectionStore.register(projector);
    // The reset and its ProjectionReset event commit together, or neither does.
    await session.projectionStore.reset(
      projector,
      actRecord({ type: 'ProjectionReset', data: { projection: name } }, options.reason),
    );
    console.log(`reset ${name}: the node that owns it replays the log into it from the start`);
    console.log('recorded ProjectionReset');
  });
}
