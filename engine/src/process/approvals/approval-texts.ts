import { UI_LOCALES, type Label } from '@loom/metadata';
import { localeText, type LocaleText } from '../../errors/messages.ts';

/** The texts of the notifications approvals send, per locale the web app speaks. */
const TEXTS = {
  waitingTitle: { en: 'Waiting for your approval: {approval}', 'zh-CN': '待你审批：{approval}' },
  waitingMessage: { en: '{title} waits for your decision at step "{step}".', 'zh-CN': '「{title}」在「{step}」这一步等待你审批。' },
  reminderTitle: { en: 'Reminder: {approval} waits for you', 'zh-CN': '审批提醒：{approval}' },
  approvedTitle: { en: 'Approved: {approval}', 'zh-CN': '审批通过：{approval}' },
  approvedMessage: { en: '{title} was approved.', 'zh-CN': '「{title}」已审批通过。' },
  rejectedTitle: { en: 'Rejected: {approval}', 'zh-CN': '审批驳回：{approval}' },
  rejectedMessage: { en: '{title} was rejected.', 'zh-CN': '「{title}」被驳回。' },
  returnedTitle: { en: 'Sent back: {approval}', 'zh-CN': '审批退回：{approval}' },
  returnedMessage: { en: '{title} was sent back to step "{step}".', 'zh-CN': '「{title}」被退回到「{step}」。' },
} as const;

export type ApprovalText = keyof typeof TEXTS;

/** One text in every locale, its `{name}` parts filled with labels in the same locale. */
export function approvalText(key: ApprovalText, params: Record<string, LocaleText>): Label {
  const out: Record<string, string> = {};
  for (const locale of UI_LOCALES) {
    out[locale] = TEXTS[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : localeText(params[name], locale)));
  }
  return out as Label;
}
