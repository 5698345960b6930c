import { describe, expect, it } from 'vitest';
import { errorCodes, type ErrorCode } from './codes.ts';
import { localizeProblem } from './localize-problem.ts';
import { localizedError, loomError, loomErrors, problemAt } from './loom-error.ts';
import { actionTerm, message, negotiateLocale, renderMessage } from './messages.ts';
import { problemTitle } from './problem-titles.ts';

const customer = { name: 'customer', label: { en: 'Customer', 'zh-CN': '客户' } };
const shortName = { name: 'shortName', label: { en: 'Short name', 'zh-CN': '简称' } };

describe('engine messages', () => {
  it('name things by API name in English and by label in Chinese', () => {
    const msg = message('auth.forbiddenRecord', { action: actionTerm('update'), entity: customer });
    expect(renderMessage(msg, 'en')).toBe('You may not update this customer.');
    expect(renderMessage(msg, 'zh-CN')).toBe('你没有权限修改这条客户。');
  });

  it("fall back to the name where a label has no text for the locale, and join lists the locale's way", () => {
    const msg = message('data.uniqueDetail', { fields: [shortName, { name: 'code', label: { en: 'Code' } }] });
    expect(renderMessage(msg, 'en')).toBe('Another record already has the same shortName, code.');
    expect(renderMessage(msg, 'zh-CN')).toBe('已有其他记录的简称、code与此相同。');
  });

  it("carry metadata texts (a rule's message) in their own locale", () => {
    const msg = message('data.ruleMessage', { message: { text: { en: 'Give the reason it was lost', 'zh-CN': '请填写输单原因' } } });
    expect(renderMessage(msg, 'en')).toBe('Give the reason it was lost');
    expect(renderMessage(msg, 'zh-CN')).toBe('请填写输单原因');
  });

  it('pick the locale from Accept-Language by quality, then order; English when none is spoken', () => {
    expect(negotiateLocale(undefined)).toBe('en');
    expect(negotiateLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('zh')).toBe('zh-CN');
    expect(negotiateLocale('en-GB,zh-CN;q=0.5')).toBe('en');
    expect(negotiateLocale('fr-FR, zh-TW;q=0.7, en;q=0.6')).toBe('zh-CN');
    expect(negotiateLocale('en;q=0.2, zh-CN;q=0.9')).toBe('zh-CN');
    expect(negotiateLocale('zh-CN;q=0, en')).toBe('en');
    expect(negotiateLocale('de, fr')).toBe('en');
    expect(negotiateLocale(';;;,q=,zh;q=abc')).toBe('en');
    expect(negotiateLocale('x'.repeat(100_000))).toBe('en');
  });

  it('give every error code a title in every locale', () => {
    for (const code of Object.keys(errorCodes) as ErrorCode[]) {
      expect(problemTitle(code, 'en')).toBe(errorCodes[code].title);
      expect(problemTitle(code, 'zh-CN'), code).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('localizeProblem', () => {
  it('answers catalogue details and problems in the locale, and other texts as they are', () => {
    const error = loomErrors('LOOM_ERR_DATA_VALIDATION', [
      problemAt('/shortName', message('data.required', { field: shortName })),
      { path: '/x', message: 'plain English' },
    ]);
    expect(localizeProblem(error, 'en')).toEqual({
      title: 'The record is not valid',
      detail: '2 problems found.',
      errors: [
        { path: '/shortName', message: '"shortName" is required' },
        { path: '/x', message: 'plain English' },
      ],
    });
    expect(localizeProblem(error, 'zh-CN')).toEqual({
      title: '记录无效',
      detail: '发现 2 个问题。',
      errors: [
        { path: '/shortName', message: '「简称」为必填项' },
        { path: '/x', message: 'plain English' },
      ],
    });
  });

  it('summarises one problem in the locale, keeps a given detail, and translates fixed details', () => {
    const one = loomErrors('LOOM_ERR_DATA_VALIDATION', [problemAt('/shortName', message('data.required', { field: shortName }))]);
    expect(one.message).toBe('/shortName: "shortName" is required');
    expect(localizeProblem(one, 'zh-CN').detail).toBe('/shortName：「简称」为必填项');
    const forbidden = localizedError('LOOM_ERR_AUTH_ACTION_FORBIDDEN', message('auth.forbiddenRecords', { action: actionTerm('delete'), entity: customer }));
    expect(forbidden.message).toBe('You may not delete customer records.');
    expect(localizeProblem(forbidden, 'zh-CN')).toEqual({ title: '没有权限', detail: '你没有权限删除客户。' });
    expect(localizeProblem(loomError('LOOM_ERR_DB_UNAVAILABLE'), 'zh-CN').detail).toMatch(/^请求完成前与数据库的连接中断/);
    expect(localizeProblem(loomError('LOOM_ERR_HTTP_BAD_QUERY', 'custom English'), 'zh-CN').detail).toBe('custom English');
  });
});
