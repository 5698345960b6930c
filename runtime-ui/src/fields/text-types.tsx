import type { UiFieldType } from './field-type.ts';

const plain = (_f: unknown, value: unknown) => String(value);
const contains = () => ({ kind: 'contains' as const });
/** Links inside a clickable row must not open the row as well. */
const stop = (e: { stopPropagation(): void }) => e.stopPropagation();
const withoutScheme = (url: string) => url.replace(/^https?:\/\//i, '');

export const textTypes: Readonly<Record<string, UiFieldType>> = {
  text: { text: plain, widget: 'text', filter: contains, width: 160, bulk: 'text' },
  longtext: {
    text: plain,
    view: (_f, value) => <span className="lf-longtext">{String(value)}</span>,
    widget: 'longtext',
    filter: contains,
    width: 160,
    notInLists: true,
    wide: true,
  },
  richtext: {
    text: (_f, value) =>
      String(value)
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    // The server keeps only sanitized HTML (engine rich-text field type).
    view: (_f, value) => <div className="lf-richtext-view" dangerouslySetInnerHTML={{ __html: String(value) }} />,
    widget: 'richtext',
    filter: contains,
    width: 160,
    notInLists: true,
    wide: true,
  },
  email: {
    text: plain,
    cell: (_f, value) => (
      <a className="truncate" href={`mailto:${String(value)}`} onClick={stop}>
        {String(value)}
      </a>
    ),
    view: (_f, value) => <a href={`mailto:${String(value)}`}>{String(value)}</a>,
    widget: 'email',
    filter: contains,
    width: 190,
    bulk: 'text',
    inputType: 'email',
  },
  phone: {
    text: plain,
    view: (_f, value) => <a href={`tel:${String(value).replace(/\s+/g, '')}`}>{String(value)}</a>,
    widget: 'phone',
    filter: contains,
    width: 136,
    bulk: 'text',
    inputType: 'tel',
  },
  url: {
    text: plain,
    cell: (_f, value) => (
      <a className="truncate" href={String(value)} target="_blank" rel="noreferrer" onClick={stop}>
        {withoutScheme(String(value))}
      </a>
    ),
    view: (_f, value) =>
      /^https?:\/\//i.test(String(value)) ? (
        <a href={String(value)} target="_blank" rel="noreferrer">
          {withoutScheme(String(value))}
        </a>
      ) : (
        <span>{String(value)}</span>
      ),
    widget: 'url',
    filter: contains,
    width: 190,
    bulk: 'text',
    inputType: 'url',
  },
  autonumber: {
    text: plain,
    cell: (_f, value) => <span className="mono">{String(value)}</span>,
    widget: 'text',
    filter: contains,
    width: 110,
    computed: true,
    emptyNote: 'form.autoAssigned',
  },
  json: { text: (_f, value) => JSON.stringify(value), widget: 'json', width: 160, notInLists: true, wide: true },
};
