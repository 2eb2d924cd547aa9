// What a modal dialog shows: a title, a body (tagged lines, scrolled by the app) and a footer
// with the keys that apply.
export interface DialogView {
  title: string;
  body: string[];
  footer: string;
  /** Keep this body line visible (the selected choice). */
  focusLine?: number;
}
