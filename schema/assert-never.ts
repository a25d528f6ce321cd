/** Makes a `switch` over a union exhaustive: adding a member breaks the build until it is handled. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
