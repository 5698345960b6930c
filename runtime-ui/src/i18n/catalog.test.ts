import { describe, expect, it } from 'vitest';
import { UI_LOCALES } from '@loom/metadata';
import { catalogs, makeTranslate, type Message } from './catalog.ts';

const placeholders = (message: Message) =>
  [...new Set((typeof message === 'string' ? [message] : Object.values(message)).flatMap((text) => text.match(/\{\w+\}/g) ?? []))].sort();

describe('catalogues', () => {
  it('has every key in every locale, with the same placeholders', () => {
    const keys = Object.keys(catalogs.en).sort();
    for (const locale of UI_LOCALES) {
      const catalog = catalogs[locale];
      expect(Object.keys(catalog).sort(), locale).toEqual(keys);
      for (const key of keys) {
        const message = catalog[key as keyof typeof catalog];
        expect(typeof message === 'string' ? message : message.other, `${locale} ${key}`).not.toBe('');
        expect(placeholders(message), `${locale} ${key}`).toEqual(placeholders(catalogs.en[key as keyof typeof catalogs.en]));
      }
    }
  });
});

describe('translate', () => {
  const en = makeTranslate('en');
  const zh = makeTranslate('zh-CN');

  it('picks the plural form by Intl.PluralRules', () => {
    expect(en('list.records', { count: 1 })).toBe('1 record');
    expect(en('list.records', { count: 3 })).toBe('3 records');
    expect(en('list.records', { count: 0 })).toBe('0 records');
    expect(en('form.updated', { count: 1 })).toBe('changed 1 field');
    expect(zh('list.records', { count: 1 })).toBe('共 1 条');
    expect(zh('list.records', { count: 3 })).toBe('共 3 条');
  });

  it('writes counts in the locale and reads back counts given already written', () => {
    expect(en('list.records', { count: 1234 })).toBe('1,234 records');
    expect(en('list.records', { count: '1,234' })).toBe('1,234 records');
    expect(en('list.confirmDelete', { count: '1' })).toBe('Delete 1 record? This cannot be undone.');
  });

  it('fills placeholders', () => {
    expect(en('list.new', { entity: 'Contract' })).toBe('New Contract');
    expect(zh('form.new', { entity: '合同' })).toBe('新建合同');
  });
});
