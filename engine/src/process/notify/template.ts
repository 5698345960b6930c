/** `{{field}}` or `{{lookup.field}}`: a field path between double braces, spaces allowed inside. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\}\}/g;

/** The field paths a template names, in order, each once. */
export function templatePaths(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * Fills a logic-less template: each placeholder becomes the text `valueOf` gives for its path
 * (empty when none). Nothing else is interpreted: no expressions, no loops, no HTML.
 */
export function renderTemplate(template: string, valueOf: (path: string) => string): string {
  return template.replace(PLACEHOLDER, (_whole, path: string) => valueOf(path));
}
