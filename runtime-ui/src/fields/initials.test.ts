import { describe, expect, it } from 'vitest';
import { initials } from './initials.ts';

describe('avatar initials', () => {
  it('shows the last two characters of a Chinese name, as DingTalk, Feishu and WeCom do', () => {
    expect(initials('张三丰')).toBe('三丰');
    expect(initials('李销售')).toBe('销售');
    expect(initials('孙工程师')).toBe('程师');
    expect(initials('李四')).toBe('李四');
    expect(initials('王')).toBe('王');
    expect(initials(' 赵敏 ')).toBe('赵敏');
  });

  it('never shows half of a compound surname', () => {
    expect(initials('司马光')).toBe('光');
    expect(initials('欧阳娜娜')).toBe('娜娜');
    expect(initials('诸葛孔明')).toBe('孔明');
    expect(initials('欧阳')).toBe('欧阳');
  });

  it('takes the first letters of Latin names and e-mail addresses', () => {
    expect(initials('Ann Lee')).toBe('AL');
    expect(initials('ann maria lee')).toBe('AL');
    expect(initials('Bo')).toBe('BO');
    expect(initials('bo.li@example.com')).toBe('BL');
    expect(initials('admin@example.com')).toBe('AD');
    expect(initials('')).toBe('?');
  });
});
