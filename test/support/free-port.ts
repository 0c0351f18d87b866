import { findFreePort } from '../../infrastructure/postgres/embedded/index.ts';

/** A free TCP port on 127.0.0.1 for a server a test starts. */
export const freePort = (): Promise<number> => findFreePort('127.0.0.1');
