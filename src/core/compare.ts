/**
 * Code-point order for ids, paths and label values. Unlike localeCompare it is the same on
 * every machine and locale, and it does not wake ICU's collator (several MB of RSS in a daemon).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
