export type EmbeddedPostgresErrorCode =
  'EMBEDDED_POSTGRES.INIT_FAILED' | 'EMBEDDED_POSTGRES.START_FAILED' | 'EMBEDDED_POSTGRES.PASSWORD_MISSING';

/** The embedded PostgreSQL could not be set up or started; the message carries PostgreSQL's own words. */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';

  constructor(
    readonly code: EmbeddedPostgresErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
