/** A small model for the notification and reminder tests: deals of companies, with every kind of value a message shows. */
const zh = (en: string, zhCN: string) => ({ en, 'zh-CN': zhCN });

export const processTestDocuments: unknown[] = [
  {
    kind: 'entity',
    name: 'company',
    label: zh('Company', '公司'),
    titleField: 'name',
    owned: true,
    fields: { name: { type: 'text', required: true }, manager: { type: 'user', label: zh('Manager', '经理') } },
  },
  {
    kind: 'entity',
    name: 'deal',
    label: zh('Deal', '商机'),
    titleField: 'name',
    owned: true,
    softDelete: true,
    fields: {
      name: { type: 'text', required: true },
      company: { type: 'lookup', entity: 'company' },
      endDate: { type: 'date' },
      dueAt: { type: 'datetime' },
      amount: { type: 'money', currency: 'CNY' },
      stage: {
        type: 'select',
        options: [
          { value: 'open', label: zh('Open', '进行中') },
          { value: 'won', label: zh('Won', '赢单') },
        ],
      },
      done: { type: 'boolean', default: false },
    },
  },
  { kind: 'role', name: 'finance', label: zh('Finance', '财务'), entities: { deal: { read: 'all' }, company: { read: 'all' } } },
  {
    kind: 'role',
    name: 'sales',
    label: zh('Sales', '销售'),
    entities: { deal: { read: 'own', create: true, update: 'own', delete: 'own' }, company: { read: 'all' } },
  },
];
