/** A page needs a signed-in user and the request has none: the web admin sends the browser to sign in. */
export class SignInRequired extends Error {
  override readonly name = 'SignInRequired';
}

/** The user's role may not open the page: answered 403 with a page saying so. */
export class PageForbidden extends Error {
  override readonly name = 'PageForbidden';
}

/** Nothing at this address (or no such record): answered 404 with a page saying so. */
export class PageNotFound extends Error {
  override readonly name = 'PageNotFound';
}
