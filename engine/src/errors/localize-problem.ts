import type { UiLocale } from '@loom/metadata';
import type { LoomError, ProblemItem } from './loom-error.ts';
import { message, renderMessage } from './messages.ts';
import { fixedProblemDetail, problemTitle } from './problem-titles.ts';

/**
 * A LoomError's title, detail and problems in a locale: the catalogue's text where the error
 * came from the catalogue (or its code's detail never varies), its English text otherwise.
 */
export function localizeProblem(error: LoomError, locale: UiLocale): { title: string; detail: string; errors?: ProblemItem[] } {
  const errors = error.errors?.map(({ path, message: text, i18n }) => ({ path, message: i18n ? renderMessage(i18n, locale) : text }));
  return { title: problemTitle(error.code, locale), detail: localizedDetail(error, errors, locale), ...(errors ? { errors } : {}) };
}

function localizedDetail(error: LoomError, errors: ProblemItem[] | undefined, locale: UiLocale): string {
  if (locale === 'en') return error.message;
  if (error.i18n) return renderMessage(error.i18n, locale);
  if (error.summarised && errors?.length) {
    return errors.length === 1
      ? renderMessage(message('problem.oneProblem', { path: errors[0].path || '/', message: errors[0].message }), locale)
      : renderMessage(message('problem.manyProblems', { count: errors.length }), locale);
  }
  const fixed = fixedProblemDetail(error.code, locale);
  return fixed !== undefined && error.message === fixedProblemDetail(error.code, 'en') ? fixed : error.message;
}
