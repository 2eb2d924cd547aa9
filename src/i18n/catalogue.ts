/** One area's strings, in English and French (a test checks both have the same keys). */
export interface Catalogue {
  en: Record<string, string>;
  fr: Record<string, string>;
}
