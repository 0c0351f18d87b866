/** Ends an exhaustive `switch`: a new union member without a case is a compile error here. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
