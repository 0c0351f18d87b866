import { auditProjector } from './audit/index.ts';
import { employeesProjector } from './employees/index.ts';
import type { Projector } from './projector.ts';
import { telegramProjector } from './telegram/index.ts';
import { usersProjector } from './users/index.ts';

/** Every read model TBot builds; each capability adds its projector here. */
export const projectors: readonly Projector[] = [
  auditProjector,
  usersProjector,
  employeesProjector,
  telegramProjector,
];

/** The projector named `name`, or `undefined`. */
export const findProjector = (name: string): Projector | undefined => projectors.find((p) => p.name === name);
