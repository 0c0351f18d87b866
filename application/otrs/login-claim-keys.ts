/**
 * The key that names an agent login's claim stream (`otrs-agent-login-<key>`): a keyed hash of the login's
 * key (`otrsLoginKey`), so that the log's stream ids, which outlive a forget, do not spell a login. The claim
 * events still carry the login key itself, encrypted with the Telegram user's key.
 */
export interface OtrsLoginClaimKeys {
  claimKeyOf(loginKey: string): string;
}
