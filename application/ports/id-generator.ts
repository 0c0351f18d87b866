/** Makes new ids (UUIDs) for commands; the domain receives them and never makes its own. */
export interface IdGenerator {
  newId(): string;
}

export const randomIds: IdGenerator = { newId: () => crypto.randomUUID() };
