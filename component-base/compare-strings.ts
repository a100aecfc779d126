/**
 * compareStrings orders strings by UTF-16 code unit, as `<` does and as Go's sort.Strings
 * (byte order) does for the ASCII names Kubernetes sorts. It replaces localeCompare, whose
 * first call loads ICU's collation data: ≈2.5 MB of RSS in a process that only ever compares
 * object names, for an order that depends on the locale.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
