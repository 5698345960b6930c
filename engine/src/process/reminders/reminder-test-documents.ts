import { processTestDocuments } from '../notify/process-test-documents.ts';

const zh = (en: string, zhCN: string) => ({ en, 'zh-CN': zhCN });

/** The process test model with reminders: a day before a deal ends at 09:00, 15 minutes before it is due, and on its end date every year. */
export const reminderTestDocuments: unknown[] = [
  ...processTestDocuments,
  {
    kind: 'reminder',
    name: 'deal_end',
    entity: 'deal',
    label: zh('Deal ends', '商机到期'),
    at: { field: 'endDate', offset: '-1d', time: '09:00' },
    when: { '==': [{ var: 'stage' }, 'open'] },
    to: [{ field: 'owner' }, { field: 'company.manager' }],
    message: zh('{{name}} ends on {{endDate}} ({{amount}}).', '{{name}} 将于 {{endDate}} 到期（{{amount}}）。'),
  },
  {
    kind: 'reminder',
    name: 'deal_due',
    entity: 'deal',
    at: { field: 'dueAt', offset: '-15m' },
    when: { '==': [{ var: 'done' }, false] },
    to: [{ field: 'owner' }],
    title: 'Due soon',
    message: '{{name}} is due at {{dueAt}}.',
  },
  {
    kind: 'reminder',
    name: 'deal_anniversary',
    entity: 'deal',
    at: { field: 'endDate', time: '10:00' },
    repeat: { every: '1y' },
    to: [{ field: 'owner' }],
    title: 'Anniversary',
    message: '{{name}}: {{endDate}}',
  },
];
