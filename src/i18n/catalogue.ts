/** The languages every catalogue speaks. */
export type Language = 'en' | 'fr';

/** One area's strings, in English and French (a test checks both have the same keys). */
export interface Catalogue {
  en: Record<string, string>;
  fr: Record<string, string>;
}
