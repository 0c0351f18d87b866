// The projector port lives in application/ports (the projection store drives it); projectors import it here.
export type { ProjectionTables, ProjectionTransaction, Projector } from '../application/ports/projector.ts';
