import type { ReactNode } from 'react';

/**
 * Stands in for markdown-to-jsx inside RJSF (vite.config.ts aliases `markdown-to-jsx/react`
 * here). RJSF renders Markdown only for descriptions with `enableMarkdownInDescription`, which
 * Loom's forms never set, and for its own configuration errors; Loom's forms draw their own
 * fields and help texts. Showing the text as plain text saves 31 KB gzipped of the form's code.
 */
export function Markdown({ children }: { children?: ReactNode; options?: unknown }) {
  return <span className="lf-plain-text">{children}</span>;
}

export default Markdown;
