import { projectors } from '../../../projections/index.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { terminalJson } from '../terminal-text.ts';
import type { Format } from './command-arguments.ts';
import { withSession } from './session.ts';
import { listView, renderList } from './status-render.ts';

/** `tbot projections list`: every projection the code knows, and whether it started. */
export async function listAction(options: { format: Format }): Promise<void> {
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(env, async (session) => {
    const started = new Set((await session.projectionStore.list()).map((state) => state.name));
    const listed = listView(projectors, started);
    console.log(
      options.format === 'json' ? terminalJson(JSON.stringify(listed, null, 2)) : renderList(listed),
    );
  });
}
