import unhomoglyph from 'unhomoglyph';

/**
 * The look-alike skeleton of a user name, after Unicode TR39 (section 4): names whose skeletons are equal look
 * alike (`admin`, `аdmin` with a Cyrillic `а`, `ADMIN`; `anna_1` and `anna_l`). TR39's skeleton is
 * NFD, the confusables map, NFD; names here compare regardless of case, so the name is case-folded first
 * (after NFKC: `ﬁ` is `fi`), and once more after the map, which sends `0` to `O`. The map is unhomoglyph's,
 * generated from Unicode's confusables.txt.
 */
export function usernameSkeleton(username: string): string {
  const folded = username.normalize('NFKC').toLowerCase().normalize('NFD');
  return unhomoglyph(folded).normalize('NFD').toLowerCase();
}

/**
 * The skeleton of the name as written, case-folded only after the map: folding first turns an upper-case `I`
 * into `i`, which does not look like `l`; mapped first, `Ilya` and `llya` meet. Compared beside
 * `usernameSkeleton`, never instead of it.
 */
export function usernameCasedSkeleton(username: string): string {
  return unhomoglyph(username.normalize('NFKC').normalize('NFD')).normalize('NFD').toLowerCase();
}

/** Whether two names look alike: equal skeletons, folded or as written (see above). */
export function looksAlike(a: string, b: string): boolean {
  return usernameSkeleton(a) === usernameSkeleton(b) || usernameCasedSkeleton(a) === usernameCasedSkeleton(b);
}
