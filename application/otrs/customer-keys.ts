/**
 * The key that names an OTRS customer as a personal data subject (`otrs-customer-<key>`, see
 * `otrsCustomerSubject`) without naming them: a keyed hash of their `CustomerUserID`, so the same customer
 * always has the same key (forgetting them is deleting one key, whatever tickets they had), and the log's
 * stream and subject ids do not spell an e-mail address.
 */
export interface OtrsCustomerKeys {
  /**
   * The key of a `CustomerUserID` (an e-mail or a login), compared as OTRS's default customer backend does:
   * case-insensitively (NFC, trimmed). A backend set to case-sensitive logins would give "Bob" and "bob" one
   * key. A blank id throws: a ticket without a customer has its own subject (`otrsTicketSubject`).
   */
  keyOf(customerUserId: string): string;
}
