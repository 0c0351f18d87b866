/**
 * The key that names an OTRS customer as a personal data subject (`otrs-customer-<key>`, see
 * `otrsCustomerSubject`) without naming them: a keyed hash of their `CustomerUserID`, so the same customer
 * always has the same key (forgetting them is deleting one key, whatever tickets they had), and the log's
 * stream and subject ids do not spell an e-mail address.
 */
export interface OtrsCustomerKeys {
  /** The key of a `CustomerUserID` (an e-mail or a login; compared case-insensitively, NFC, trimmed). */
  keyOf(customerUserId: string): string;
}
