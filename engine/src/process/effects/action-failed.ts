import type { ProcessAction } from '@loom/metadata';
import { isLoomError, localizedError, type LoomError } from '../../errors/loom-error.ts';
import { actionTerm, message, renderMessage, type Term } from '../../errors/messages.ts';
import type { CompiledModel } from '../../model/compiled-model.ts';
import type { EffectRun } from '../process-services.ts';

/** The record errors a step's own write can make: its values do not fit where they go. */
const WRAPPED = new Set(['LOOM_ERR_DATA_VALIDATION', 'LOOM_ERR_DATA_NOT_FOUND', 'LOOM_ERR_DATA_CONFLICT']);

/**
 * What the person whose write triggered a failing step is told: nothing was saved, which step
 * of which automation (or approval) failed on what, and why. Problems keep their messages and
 * point into the process document (`/actions/1/create/values/subject`), since the person sent
 * none of those values. Other errors (a stale version, a lock, a lost connection) pass as they are.
 */
export function actionFailed(error: unknown, run: EffectRun, action: ProcessAction, index: number, model: CompiledModel): unknown {
  if (!isLoomError(error) || !WRAPPED.has(error.code)) return error;
  const kind = Object.keys(action)[0];
  const target = 'create' in action ? model.entities.get(action.create.entity) : run.entity;
  const detail = message('automation.actionFailed', {
    step: index + 1,
    source: sourceTerm(run.source, model),
    action: actionTerm('create' in action ? 'create' : 'update'),
    entity: target ? { name: target.name, label: target.label } : run.entity.name,
    reason: { text: { en: error.message, 'zh-CN': error.i18n ? renderMessage(error.i18n, 'zh-CN') : error.message } },
  });
  const base = `/actions/${index}/${kind}${kind === 'create' ? '/values' : ''}`;
  return localizedError(
    'LOOM_ERR_AUTOMATION_ACTION_FAILED',
    detail,
    (error as LoomError).errors?.map((p) => ({ ...p, path: base + p.path })),
  );
}

function sourceTerm(source: string, model: CompiledModel): Term {
  const [kind, name] = source.split(':');
  const document = kind === 'automation' ? model.automations.get(name) : kind === 'approval' ? model.approvals.get(name) : undefined;
  return { name: source, label: document?.label };
}
