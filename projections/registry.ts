import { auditProjector } from './audit/index.ts';
import { employeesProjector } from './employees/index.ts';
import { forgottenKeysProjector } from './personal-data/index.ts';
import { monitoringProjector } from './monitoring/index.ts';
import { otrsMetricsProjector, otrsProjector } from './otrs/index.ts';
import type { Projector } from '../application/ports/projector.ts';
import { reactors } from './reactors/index.ts';
import { telegramProjector } from './telegram/index.ts';
import { usersProjector } from './users/index.ts';

/** Every read model TBot builds and every reactor; each capability adds its projector here. */
export const projectors: readonly Projector[] = [
  auditProjector,
  usersProjector,
  employeesProjector,
  telegramProjector,
  forgottenKeysProjector,
  monitoringProjector,
  otrsProjector,
  otrsMetricsProjector,
  ...reactors,
];

/** The projector named `name`, or `undefined`. */
export const findProjector = (name: string): Projector | undefined => projectors.find((p) => p.name === name);
