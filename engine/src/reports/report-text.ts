import type { DateBucket, UiLocale } from '@loom/metadata';
import type { CompiledField, CompiledReportMeasure } from '../model/compiled-model.ts';
import { resolveFieldPath } from '../model/resolve-field-path.ts';
import type { CompiledEntity } from '../model/compiled-model.ts';

/** "closeDate" → "Close date": a name as a label when there is none. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A metadata label in a locale: the locale's text, else English, else the name. */
export function labelIn(label: unknown, locale: UiLocale, fallback: string): string {
  if (typeof label === 'string' && label) return label;
  if (label && typeof label === 'object' && !Array.isArray(label)) {
    const map = label as Record<string, unknown>;
    for (const key of [locale, 'en']) if (typeof map[key] === 'string' && map[key]) return map[key] as string;
  }
  return fallback;
}

const WORDS: Record<UiLocale, Record<string, string>> = {
  en: {
    none: '(none)',
    others: 'Others',
    yes: 'Yes',
    no: 'No',
    count: 'Count',
    sum: 'Total {f}',
    avg: 'Average {f}',
    min: 'Lowest {f}',
    max: 'Highest {f}',
    countDistinct: 'Distinct {f}',
    ratio: '{a} / {b}',
    percentOfTotal: '{a} (% of total)',
    cumulativePercent: '{a} (cumulative %)',
    previous: '{a} (previous period)',
    change: '{a} (change)',
  },
  'zh-CN': {
    none: '（空）',
    others: '其他',
    yes: '是',
    no: '否',
    count: '数量',
    sum: '{f}合计',
    avg: '平均{f}',
    min: '最低{f}',
    max: '最高{f}',
    countDistinct: '{f}（去重计数）',
    ratio: '{a} / {b}',
    percentOfTotal: '{a}（占比）',
    cumulativePercent: '{a}（累计占比）',
    previous: '{a}（上期）',
    change: '{a}（变化）',
  },
};

export function word(locale: UiLocale, key: string): string {
  return (WORDS[locale] ?? WORDS.en)[key] ?? WORDS.en[key];
}

/** "parent.grade" → the labels of its fields, "Parent · Grade". */
export function pathLabel(entity: CompiledEntity, path: string, entities: ReadonlyMap<string, CompiledEntity>, locale: UiLocale): string {
  const steps = resolveFieldPath(entity, path, entities) ?? [];
  // An unlabelled field is labelled with its name: shown humanized.
  const text = (label: unknown, name: string) => (label === name ? humanize(name) : labelIn(label, locale, humanize(name)));
  return steps.map((s) => text(s.field.label, s.field.name)).join(' · ') || path;
}

/** A measure's label: its own, else made from its function and field (or the measures it is computed from). */
export function measureLabel(m: CompiledReportMeasure, locale: UiLocale, fieldLabel: (path: string) => string, measureText: (name: string) => string): string {
  if (m.label !== undefined) return labelIn(m.label, locale, m.name);
  if (m.fn === 'formula') return m.name;
  const template = word(locale, m.fn);
  return template
    .replace('{f}', m.field ? fieldLabel(m.field) : m.name)
    .replace('{a}', m.of[0] ? measureText(m.of[0]) : m.name)
    .replace('{b}', m.of[1] ? measureText(m.of[1]) : '');
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A bucket's first day as its name: "Mar 2026", "2026年3月", "2026 Q1". */
export function bucketLabel(date: string, unit: DateBucket, locale: UiLocale): string {
  const [y, m] = date.split('-').map(Number);
  const zh = locale === 'zh-CN';
  if (unit === 'day') return date;
  if (unit === 'week') return zh ? `${date} 当周` : `Week of ${date}`;
  if (unit === 'month') return zh ? `${y}年${m}月` : `${MONTHS_EN[m - 1]} ${y}`;
  if (unit === 'quarter') return zh ? `${y}年第${Math.floor((m - 1) / 3) + 1}季度` : `${y} Q${Math.floor((m - 1) / 3) + 1}`;
  return zh ? `${y}年` : String(y);
}

/** A dimension value as a person reads it: a choice's label, yes or no, a bucket's name, the looked-up title. */
export function valueLabel(field: CompiledField, value: unknown, bucket: DateBucket | undefined, looked: unknown, locale: UiLocale): string {
  if (value === null || value === undefined) return word(locale, 'none');
  if (bucket) return bucketLabel(String(value), bucket, locale);
  if (looked !== undefined) return looked === null ? String(value) : String(looked);
  if ('options' in field && Array.isArray(field.options)) {
    const option = (field.options as { value: string; label?: unknown }[]).find((o) => o.value === value);
    if (option) return labelIn(option.label, locale, option.value);
  }
  if (typeof value === 'boolean') return word(locale, value ? 'yes' : 'no');
  return String(value);
}
