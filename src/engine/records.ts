/** Records keyed by node or policy names: null-prototype, read through own keys only. */

/** An empty record without a prototype: "constructor" is a valid node name. */
export const emptyRecord = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** The record's own value at `key`, if any. */
export const own = <T>(r: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  r !== undefined && Object.hasOwn(r, key) ? r[key] : undefined;
