import { InvalidArgumentError, Option } from 'commander';
import { type Projector, findProjector, projectors } from '../../../projections/index.ts';
import { UsageError } from '../exit-codes.ts';

/** What `--format` takes. */
export type Format = 'table' | 'json';

/** The projector a command names; an unknown name is a usage error that lists the known ones. */
export function projectorNamed(name: string): Projector {
  const projector = findProjector(name);
  if (!projector) {
    const known = projectors.map((p) => p.name).join(', ');
    throw new UsageError(`unknown projection "${name}"; known projections: ${known}`);
  }
  return projector;
}

/** `--format table|json`, a new option for each subcommand. */
export const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

/** `--position`: an event position, else an invalid argument. */
export function parsePosition(value: string): bigint {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be an event position (an integer)');
  return BigInt(value.trim());
}
