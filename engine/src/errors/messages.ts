import { UI_LOCALES, type UiLocale } from '@loom/metadata';

/**
 * The engine's own messages in every locale the web app speaks, and how a message names what
 * it is about. A problem keeps its English text (API clients and logs read it) and, beside it,
 * the message it came from, so the HTTP layer can answer in the caller's locale
 * (`http/problem-locale.ts`); the problem's `code` never changes with the locale.
 */

/** A metadata label: one text for every locale, or a text per locale. */
export type LocaleText = string | Readonly<Record<string, string>>;

/**
 * Something a message names: an entity, a field, an action. English messages name it by its API
 * name, which is what a developer sends and searches for; other locales by its label, which is
 * what a user sees on screen (the name when the label has no text for that locale).
 */
export interface Term {
  readonly name: string;
  readonly label?: LocaleText;
}

export type MessageParam = string | number | Term | readonly Term[] | { readonly text: LocaleText };

export interface Message {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

type Catalogue = Record<string, Record<UiLocale, string>>;

const MESSAGES = {
  'auth.forbiddenRecord': { en: 'You may not {action} this {entity}.', 'zh-CN': '你没有权限{action}这条{entity}。' },
  'auth.forbiddenRecords': { en: 'You may not {action} {entity} records.', 'zh-CN': '你没有权限{action}{entity}。' },
  'auth.fieldHidden': { en: '"{field}" is not a field you can see', 'zh-CN': '「{field}」不是你可以查看的字段' },
  'auth.fieldReadOnly': { en: 'you may read "{field}" but not change it', 'zh-CN': '你可以查看「{field}」，但不能修改' },
  'auth.masterItem': {
    en: 'you may not {action} this {master}, so you may not add or change its {entity} records',
    'zh-CN': '你不能{action}这条{master}，所以不能新增或修改它的{entity}',
  },
  'auth.masterDetail': { en: 'You may not write {entity} records of this {master}.', 'zh-CN': '你不能修改这条{master}的{entity}。' },
  'data.notFound': { en: 'No {entity} record with id "{id}".', 'zh-CN': '找不到这条{entity}（ID「{id}」），它可能已被删除，或你没有查看权限。' },
  'data.required': { en: '"{field}" is required', 'zh-CN': '「{field}」为必填项' },
  'data.needsRow': { en: '"{field}" needs at least one row', 'zh-CN': '「{field}」至少需要一行' },
  'data.lookupMissing': { en: 'no {target} record has this id', 'zh-CN': '没有这个 ID 的{target}' },
  'data.uniqueItem': { en: 'another {entity} already has this value', 'zh-CN': '已有其他{entity}使用了这个值' },
  'data.uniqueDetail': { en: 'Another record already has the same {fields}.', 'zh-CN': '已有其他记录的{fields}与此相同。' },
  'data.stillReferenced': {
    en: 'Records of {source} still refer to this {entity}; change or delete them first.',
    'zh-CN': '仍有{source}引用这条{entity}，请先修改或删除它们。',
  },
  'data.staleUpdate': {
    en: '{entity} {id} is at version {current}, not {version}: someone else changed it. Reload it and apply your change again.',
    'zh-CN': '这条{entity}已被他人修改（当前版本 {current}，你读取的是版本 {version}）。请重新加载后再修改。',
  },
  'data.staleDelete': {
    en: '{entity} {id} is at version {current}, not {version}: reload it before deleting.',
    'zh-CN': '这条{entity}已被他人修改（当前版本 {current}，你读取的是版本 {version}）。请重新加载后再删除。',
  },
  'data.ruleBroken': { en: 'rule "{rule}" is not satisfied', 'zh-CN': '不满足规则「{rule}」' },
  'data.ruleMessage': { en: '{message}', 'zh-CN': '{message}' },
  'report.unknown': { en: 'There is no report named "{name}" that you may run.', 'zh-CN': '没有名为「{name}」的报表，或你无权运行它。' },
  'report.dashboardUnknown': { en: 'There is no dashboard named "{name}".', 'zh-CN': '没有名为「{name}」的仪表盘。' },
  'report.unknownParam': { en: 'report "{report}" has no parameter "{name}"', 'zh-CN': '报表「{report}」没有参数「{name}」' },
  'report.paramRequired': { en: 'parameter "{name}" is required', 'zh-CN': '参数「{name}」为必填项' },
  'report.paramInvalid': { en: 'parameter "{name}" must be {expected}', 'zh-CN': '参数「{name}」的值无效（应为 {expected}）' },
  'report.fieldsHidden': { en: 'Report "{name}" uses fields you cannot see.', 'zh-CN': '报表「{name}」使用了你无权查看的字段。' },
  'report.badFormat': { en: 'format must be csv or xlsx', 'zh-CN': '导出格式必须是 csv 或 xlsx' },
  'approval.unknown': { en: 'There is no approval named "{name}".', 'zh-CN': '没有名为「{name}」的审批流程。' },
  'approval.instanceNotFound': { en: 'No approval with id "{id}" that you may see.', 'zh-CN': '找不到这条审批（ID「{id}」），或你没有查看权限。' },
  'approval.notApplicable': {
    en: 'This {entity} does not need {approval}: its entry condition does not hold.',
    'zh-CN': '这条{entity}不需要走「{approval}」：不满足发起条件。',
  },
  'approval.alreadyPending': {
    en: 'This {entity} is already waiting for {approval}; recall it or wait for the decision before submitting again.',
    'zh-CN': '这条{entity}已在「{approval}」审批中，请先撤回或等待审批结果后再提交。',
  },
  'approval.notPending': { en: 'This approval is {status}; it can no longer be decided or recalled.', 'zh-CN': '这条审批{status}，不能再审批或撤回。' },
  'approval.notApprover': {
    en: 'You are not an approver of step "{step}" of {approval}.',
    'zh-CN': '你不是「{approval}」中「{step}」这一步的审批人。',
  },
  'approval.alreadyDecided': {
    en: 'Step "{step}" of {approval} was already decided (by you or by another approver) before your decision arrived.',
    'zh-CN': '「{approval}」的「{step}」这一步已经有了结果（你或其他审批人已处理），你的操作未生效。',
  },
  'approval.notSubmitter': { en: 'Only the person who submitted it may recall this approval.', 'zh-CN': '只有提交人可以撤回这条审批。' },
  'approval.notAllowed': { en: 'Step "{step}" of {approval} does not allow {what}.', 'zh-CN': '「{approval}」的「{step}」这一步不允许{what}。' },
  'approval.invalidUser': { en: 'no active user has this id', 'zh-CN': '没有这个 ID 的在职用户' },
  'approval.alreadyApprover': { en: 'this person is already an approver of this step', 'zh-CN': '此人已经是这一步的审批人' },
  'approval.selfApprover': { en: 'the submitter may not approve their own submission', 'zh-CN': '提交人不能审批自己提交的记录' },
  'approval.noApprover': {
    en: 'Nobody can approve step "{step}" of {approval}: no approver is found, the submitter has no manager and there is no administrator.',
    'zh-CN': '「{approval}」的「{step}」这一步找不到审批人：没有符合条件的人，提交人没有上级，也没有管理员。',
  },
  'approval.stepGone': {
    en: 'Step "{step}" is no longer part of {approval} (the approval was changed): recall it and submit again.',
    'zh-CN': '「{approval}」已修改，不再有「{step}」这一步：请撤回后重新提交。',
  },
  'approval.locked': {
    en: 'This {entity} is waiting for {approval} (step "{step}"): only that step\'s approvers may change or delete it until it is decided or recalled.',
    'zh-CN': '这条{entity}正在「{approval}」审批中（「{step}」），审批完成或撤回之前，只有这一步的审批人可以修改或删除。',
  },
  'approval.ownedField': {
    en: '"{field}" becomes "{value}" only through {approval}; submit the {entity} for approval instead.',
    'zh-CN': '「{field}」只能通过「{approval}」审批变为「{value}」，请提交审批。',
  },
  'automation.actionFailed': {
    en: 'Nothing was saved: step {step} of {source} could not {action} {entity}: {reason}',
    'zh-CN': '未保存任何修改：{source} 的第 {step} 步无法{action}{entity}：{reason}',
  },
  'action.unknown': { en: 'There is no action named "{name}".', 'zh-CN': '没有名为「{name}」的操作。' },
  'action.forbidden': { en: 'Your roles do not grant the action "{action}".', 'zh-CN': '你的角色没有「{action}」操作的权限。' },
  'action.wrongEntity': { en: '"{action}" is an action of {entity} records, not {other}.', 'zh-CN': '「{action}」是{entity}的操作，不适用于{other}。' },
  'action.notApplicable': {
    en: '"{action}" does not apply to this {entity} as it is now (someone may have changed it meanwhile); reload it.',
    'zh-CN': '「{action}」不适用于这条{entity}的当前状态（可能已被他人修改），请刷新后再试。',
  },
  'action.notBulk': { en: '"{action}" runs on one record at a time.', 'zh-CN': '「{action}」一次只能用于一条记录。' },
  'action.inputNotTaken': { en: 'the action "{action}" does not take "{name}"', 'zh-CN': '「{action}」操作不接受「{name}」' },
  'action.limit': { en: '{message}', 'zh-CN': '{message}' },
  'action.duplicateRecord': { en: 'this record is already in the selection', 'zh-CN': '所选记录中已有这一条' },
  'problem.oneProblem': { en: '{path}: {message}', 'zh-CN': '{path}：{message}' },
  'problem.manyProblems': { en: '{count} problems found.', 'zh-CN': '发现 {count} 个问题。' },
} satisfies Catalogue;

export type MessageKey = keyof typeof MESSAGES;

/** Action words, named by the API's action names. */
const ACTIONS: Record<string, LocaleText> = {
  read: { en: 'read', 'zh-CN': '查看' },
  create: { en: 'create', 'zh-CN': '新建' },
  update: { en: 'update', 'zh-CN': '修改' },
  change: { en: 'change', 'zh-CN': '修改' },
  delete: { en: 'delete', 'zh-CN': '删除' },
};

export function message(key: MessageKey, params?: Record<string, MessageParam>): Message {
  return params ? { key, params } : { key };
}

/** An action (`update`, `delete`…) as a message names it. */
export function actionTerm(action: string): Term {
  return { name: action, label: ACTIONS[action] ?? action };
}

/** The text of a message in a locale. */
export function renderMessage(msg: Message, locale: UiLocale): string {
  const template = (MESSAGES[msg.key] as Record<UiLocale, string>)[locale] ?? MESSAGES[msg.key].en;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const param = msg.params?.[name];
    return param === undefined ? whole : paramText(param, locale);
  });
}

function paramText(param: MessageParam, locale: UiLocale): string {
  if (typeof param === 'string' || typeof param === 'number') return String(param);
  if (Array.isArray(param)) return param.map((term) => termText(term, locale)).join(locale === 'zh-CN' ? '、' : ', ');
  if ('text' in param) return localeText((param as { text: LocaleText }).text, locale);
  return termText(param as Term, locale);
}

function termText(term: Term, locale: UiLocale): string {
  if (locale === 'en' || term.label === undefined) return term.name;
  if (typeof term.label === 'string') return term.label || term.name;
  return term.label[locale] || term.name;
}

/** A label in a locale: its text there, else English, else any text it has. */
export function localeText(text: LocaleText, locale: UiLocale): string {
  if (typeof text === 'string') return text;
  return text[locale] ?? text.en ?? Object.values(text)[0] ?? '';
}

/**
 * The locale a request asks for in its Accept-Language header (RFC 9110 quality values): the
 * first of the locales Loom speaks that the caller accepts, in the caller's order of
 * preference; English when it names none (or the header is absent or malformed).
 */
export function negotiateLocale(acceptLanguage: string | undefined): UiLocale {
  if (!acceptLanguage) return 'en';
  const ranges = acceptLanguage
    .slice(0, 1000)
    .split(',')
    .map((part, order) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((range) => range.tag && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { tag } of ranges) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

export { UI_LOCALES };
