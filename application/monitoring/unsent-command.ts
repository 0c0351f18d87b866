import type { Command } from '../../domain/shared/index.ts';

/** A command before its metadata is added (per member of a union, so `type` still narrows `data`). */
export type UnsentCommand<C extends Command> = C extends unknown ? Omit<C, 'metadata'> : never;
