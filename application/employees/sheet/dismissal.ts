/** `уволен`, `уволена`, `Уволен 01.10`, `dismissed`: as words, not inside other words. */
const DISMISSED = /(?<!\p{L})(?:уволен[аоы]?|dismissed)(?!\p{L})/iu;

/** True when a note says the person left. */
export function isDismissalNote(notes: string | null): boolean {
  return notes !== null && DISMISSED.test(notes);
}
