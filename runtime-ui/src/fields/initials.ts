/**
 * Two-letter avatar text for a person's name, the same in the top bar, lists and record pages.
 *
 * Chinese names follow DingTalk, Feishu (Lark) and WeCom: the last two characters of the
 * name, which for the usual one-character surname is the given name (张三丰 → 三丰,
 * 李销售 → 销售, 孙工程师 → 程师), and a two-character name whole (李四 → 李四). A compound
 * surname (欧阳, 司马, 诸葛…) never shows half of itself: the given name stands alone
 * (司马光 → 光, 欧阳娜娜 → 娜娜).
 *
 * Latin names: the first letters of the first and last words (Ann Lee → AL), or the first
 * two letters of a single word; an e-mail address reads as its local part (bo.li@x → BL).
 */
export function initials(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  if (/^[\u3400-\u9fff\uf900-\ufaff]+$/.test(trimmed)) return hanInitials(trimmed);
  const words = trimmed
    .replace(/@.*$/, '')
    .split(/[\s._-]+/)
    .filter(Boolean);
  if (!words.length) return '?';
  if (words.length === 1) return [...words[0]].slice(0, 2).join('').toUpperCase();
  return ([...words[0]][0] + [...words[words.length - 1]][0]).toUpperCase();
}

/** Two-character surnames common enough to expect (the rest read as one-character surnames). */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '轩辕',
  '呼延',
]);

function hanInitials(name: string): string {
  const chars = [...name];
  if (chars.length > 2 && COMPOUND_SURNAMES.has(chars[0] + chars[1])) return chars.slice(2).slice(-2).join('');
  return chars.slice(-2).join('');
}
