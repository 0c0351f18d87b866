import type { Projector } from '../../application/ports/projector.ts';
import { accessNoticesReactor } from './access-notices-reactor.ts';
import { monitoringNoticesReactor } from './monitoring-notices-reactor.ts';
import { selfWatchReactor } from './self-watch-reactor.ts';
import { otrsNoticesReactor } from './otrs-notices-reactor.ts';

/** Every reactor (a projector whose effect is outbox rows); monitoring alerts and OTRS notices add theirs here. */
export const reactors: readonly Projector[] = [
  accessNoticesReactor,
  monitoringNoticesReactor,
  selfWatchReactor,
  otrsNoticesReactor,
];
