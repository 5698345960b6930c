import type { UiLocale } from '@loom/metadata';
import { errorCodes, type ErrorCode } from './codes.ts';

/**
 * Each error code's title, and the detail of codes whose detail never varies, in the locales
 * besides English (English is in codes.ts). codes.test.ts holds that every code has them.
 */
const ZH_CN: Record<ErrorCode, { title: string; detail?: string }> = {
  LOOM_ERR_META_INVALID: { title: '元数据无效' },
  LOOM_ERR_META_LINK: { title: '元数据引用了不存在的内容' },
  LOOM_ERR_META_NOT_FOUND: { title: '找不到元数据文档' },
  LOOM_ERR_META_UNKNOWN_KIND: { title: '未知的元数据类型' },
  LOOM_ERR_META_STALE: { title: '元数据已被他人修改' },
  LOOM_ERR_SCHEMA_LOSSY_CHANGE: { title: '此结构变更可能丢失数据' },
  LOOM_ERR_SCHEMA_CONFLICT: { title: '结构变更与数据库冲突' },
  LOOM_ERR_DATA_VALIDATION: { title: '记录无效' },
  LOOM_ERR_DATA_NOT_FOUND: { title: '找不到记录' },
  LOOM_ERR_DATA_UNKNOWN_ENTITY: { title: '未知的对象' },
  LOOM_ERR_DATA_NO_SOFT_DELETE: { title: '不保留已删除的记录' },
  LOOM_ERR_DATA_STALE_VERSION: { title: '记录已被他人修改' },
  LOOM_ERR_DATA_CONFLICT: { title: '记录与其他记录冲突' },
  LOOM_ERR_DATA_LINES_INCOMPLETE: { title: '遗漏了已有的明细行' },
  LOOM_ERR_DATA_RETRY: { title: '与同时进行的修改冲突', detail: '数据库为解决与另一请求的冲突（死锁）中止了本次请求，所做的修改已回滚。请重新提交。' },
  LOOM_ERR_DATA_FILE_REJECTED: { title: '不接受此文件' },
  LOOM_ERR_DATA_FILE_TOO_LARGE: { title: '文件过大' },
  LOOM_ERR_DB_UNAVAILABLE: {
    title: '数据库暂时不可用',
    detail: '请求完成前与数据库的连接中断或无法建立。除非连接恰在提交时中断，本次请求所做的修改已回滚。请稍后重新提交。',
  },
  LOOM_ERR_HTTP_BAD_QUERY: { title: '查询参数有误' },
  LOOM_ERR_HTTP_BAD_REQUEST: { title: '请求有误' },
  LOOM_ERR_HTTP_BODY_TOO_LARGE: { title: '请求内容过大' },
  LOOM_ERR_HTTP_MEDIA_TYPE: { title: '不支持的内容类型' },
  LOOM_ERR_HTTP_NOT_FOUND: { title: '未找到' },
  LOOM_ERR_HTTP_PRECONDITION: { title: '缺少前置条件' },
  LOOM_ERR_AUTH_ACTION_FORBIDDEN: { title: '没有权限' },
  LOOM_ERR_AUTH_FIELD_FORBIDDEN: { title: '字段不可修改' },
  LOOM_ERR_AUTH_REQUIRED: { title: '需要登录', detail: '请登录，或发送有效的 API 令牌（Authorization: Bearer）。' },
  LOOM_ERR_AUTH_INVALID_CREDENTIALS: { title: '登录失败', detail: '邮箱或密码错误。' },
  LOOM_ERR_AUTH_CSRF: { title: 'CSRF 令牌缺失或错误', detail: '使用会话 Cookie 修改数据的请求必须发送登录和 /api/auth/me 返回的 x-csrf-token 请求头。' },
  LOOM_ERR_AUTH_ADMIN_ONLY: { title: '仅限管理员' },
  LOOM_ERR_AUTH_RATE_LIMITED: { title: '尝试次数过多' },
  LOOM_ERR_AUTH_WEAK_PASSWORD: { title: '密码不符合要求' },
  LOOM_ERR_AUTH_INVALID: { title: '用户或团队无效' },
  LOOM_ERR_AUTH_CONFLICT: { title: '与已有用户或团队冲突' },
  LOOM_ERR_AUTH_LAST_ADMIN: { title: '最后一位管理员', detail: '至少要保留一位启用的管理员。' },
  LOOM_ERR_AUTH_NOT_FOUND: { title: '未找到' },
  LOOM_ERR_LOGIC_UNSUPPORTED: { title: '不支持的表达式' },
  LOOM_ERR_APPROVAL_NOT_FOUND: { title: '找不到审批' },
  LOOM_ERR_APPROVAL_NOT_APPLICABLE: { title: '此记录不适用该审批' },
  LOOM_ERR_APPROVAL_ALREADY_PENDING: { title: '已在审批中' },
  LOOM_ERR_APPROVAL_NOT_PENDING: { title: '审批已结束' },
  LOOM_ERR_APPROVAL_ALREADY_DECIDED: { title: '这一步已有结果' },
  LOOM_ERR_APPROVAL_NOT_APPROVER: { title: '不是审批人' },
  LOOM_ERR_APPROVAL_NOT_SUBMITTER: { title: '不是提交人' },
  LOOM_ERR_APPROVAL_NOT_ALLOWED: { title: '这一步不允许此操作' },
  LOOM_ERR_APPROVAL_INVALID: { title: '审批请求无效' },
  LOOM_ERR_APPROVAL_NO_APPROVER: { title: '找不到审批人' },
  LOOM_ERR_APPROVAL_LOCKED: { title: '记录正在审批中' },
  LOOM_ERR_APPROVAL_OWNED_FIELD: { title: '只能由审批设置' },
  LOOM_ERR_AUTOMATION_ACTION_FAILED: { title: '自动步骤无法完成' },
  LOOM_ERR_ACTION_NOT_FOUND: { title: '找不到操作' },
  LOOM_ERR_ACTION_FORBIDDEN: { title: '未被授予此操作' },
  LOOM_ERR_ACTION_NOT_APPLICABLE: { title: '此操作当前不适用于这条记录' },
  LOOM_ERR_ACTION_LIMIT: { title: '已达到操作上限' },
  LOOM_ERR_ACTION_INPUT: { title: '操作不接受此输入' },
  LOOM_ERR_REPORT_NOT_FOUND: { title: '找不到报表' },
  LOOM_ERR_REPORT_BAD_PARAMS: { title: '报表参数有误' },
  LOOM_ERR_REPORT_FIELD_HIDDEN: { title: '报表使用了你无权查看的字段' },
  LOOM_ERR_INTERNAL: { title: '内部错误', detail: '发生了意外错误。' },
};

const BY_LOCALE: Partial<Record<UiLocale, Record<ErrorCode, { title: string; detail?: string }>>> = { 'zh-CN': ZH_CN };

export function problemTitle(code: ErrorCode, locale: UiLocale): string {
  return BY_LOCALE[locale]?.[code]?.title ?? errorCodes[code].title;
}

/** The detail of a code whose detail never varies, in a locale; undefined for codes whose detail is made per error. */
export function fixedProblemDetail(code: ErrorCode, locale: UiLocale): string | undefined {
  if (errorCodes[code].detail.includes('%s')) return undefined;
  return BY_LOCALE[locale]?.[code]?.detail ?? errorCodes[code].detail;
}

export function localesWithTitles(): UiLocale[] {
  return Object.keys(BY_LOCALE) as UiLocale[];
}
