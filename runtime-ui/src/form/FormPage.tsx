import { useMemo, useState } from 'react';
import { useParams } from '@tanstack/react-router';
import type { RJSFValidationError } from '@rjsf/utils';
import { useUiBundle } from '../app/bundle-context.ts';
import { navigate } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import type { FormCtx } from './form-context.ts';
import { formFields, formFor } from './form-model.ts';
import { evaluateRules } from './form-rules.ts';
import { useFormText } from './form-text.ts';
import { FormHeader, StaleBanner } from './FormHeader.tsx';
import { FormView } from './FormView.tsx';
import { toErrorSchema, validationPath, withoutChanged, type PlacedError } from './problem-errors.ts';
import { createBody, patchBody, type Data } from './record-payload.ts';
import { confirmLeave, useUnsavedGuard } from './unsaved-guard.ts';
import { prefillFromQuery, useFormRecord } from './use-form-record.ts';
import { useFormSave } from './use-form-save.ts';
import './form.css';

export interface FormPageProps {
  readonly entity: string;
  readonly id?: string;
  onSaved(id: string): void;
  /** Values for a new record (a related list pre-fills its lookup); else `?field=value` from the address. */
  readonly initial?: Data;
  /** Shown inside a dialog: no page chrome; Cancel calls this. */
  onCancel?(): void;
  readonly embedded?: boolean;
}

/** The new-record route (`/app/e/:entity/new`); a saved record opens its page. */
export function NewRecordRoute() {
  const { entity } = useParams({ from: '/e/$entity/new' });
  return <FormPage key={`new:${entity}`} entity={entity} onSaved={(id) => navigate({ name: 'record', entity, id })} />;
}

/** The edit route (`/app/e/:entity/:id/edit`). */
export function EditRecordRoute() {
  const { entity, id } = useParams({ from: '/e/$entity/$id/edit' });
  return <FormPage key={`edit:${entity}/${id}`} entity={entity} id={id} onSaved={(saved) => navigate({ name: 'record', entity, id: saved })} />;
}

/** Create or edit any entity's record with its form from the UI bundle. */
export function FormPage({ entity, id, onSaved, initial, onCancel, embedded }: FormPageProps) {
  const t = useFormText();
  const bundle = useUiBundle();
  const { format } = useI18n();
  const form = formFor(bundle, entity);
  const uiEntity = bundle.entities[entity];
  const prefill = useMemo(() => initial ?? (form ? prefillFromQuery(location.search, formFields(form)) : {}), [initial, form]);
  const loaded = useFormRecord(bundle, form, entity, id, prefill);
  const [data, setData] = useState<Data>({});
  const [titles, setTitles] = useState(() => new Map<string, string>());
  const [clientErrors, setClientErrors] = useState<PlacedError[]>([]);
  const [touched, setTouched] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const saver = useFormSave(bundle, form, entity, id, loaded.data, loaded.version);

  // Each (re)load starts the form over from the loaded data. Done while rendering, not in an
  // effect, so that the data from before is never drawn.
  const [startedFrom, setStartedFrom] = useState<number>();
  if (loaded.status === 'ready' && loaded.generation !== startedFrom) {
    setStartedFrom(loaded.generation);
    setData(loaded.data);
    setTitles(new Map(loaded.titles));
    setTouched(false);
    setAttempted(false);
    setClientErrors([]);
    saver.setServerErrors([]);
    saver.dismissStale();
  }

  const ruleContext = useMemo(() => ({ user: bundle.user }), [bundle.user]);
  const rules = useMemo(() => (form ? evaluateRules(form, uiEntity, data, ruleContext) : undefined), [form, uiEntity, data, ruleContext]);
  const dirty = useMemo(() => {
    if (!touched || !form || !uiEntity) return false;
    const names = formFields(form);
    return Object.keys(id ? patchBody(bundle, uiEntity, names, loaded.data, data) : createBody(bundle, uiEntity, names, data)).length > 0;
  }, [touched, form, uiEntity, id, bundle, loaded.data, data]);
  useUnsavedGuard(dirty && !saver.saving, t('leaveConfirm'));

  if (!form || !uiEntity) return <div className="lf-page-message">{t('noForm')}</div>;
  if (loaded.status === 'missing') return <div className="lf-page-message">{t('notFound')}</div>;
  if (loaded.status === 'error') return <div className="lf-page-message is-error">{String((loaded.error as Error)?.message ?? loaded.error)}</div>;
  if (loaded.status === 'loading' && loaded.generation === 0) return <div className="lf-page-message">{t('loading')}</div>;

  const ctx: FormCtx = {
    bundle,
    entity: uiEntity,
    form,
    rules: rules!,
    data,
    ruleContext,
    titles,
    rememberTitle: (key, title) => setTitles((m) => (m.get(key) === title ? m : new Map(m).set(key, title))),
    t,
    format,
  };
  const formId = `lf-form-${entity}${embedded ? '-embedded' : ''}`;
  const errors = saver.serverErrors.length ? saver.serverErrors : clientErrors;
  const submit = async (next: Data, overwrite = false) => {
    setClientErrors([]);
    const savedId = await saver.save(next, { overwrite });
    if (savedId) {
      setTouched(false);
      onSaved(savedId);
    }
  };
  const cancel = () => {
    if (!confirmLeave(dirty, t('leaveConfirm'))) return;
    setTouched(false);
    if (onCancel) onCancel();
    else if (id) navigate({ name: 'record', entity, id });
    else if (history.length > 1) history.back();
    else navigate({ name: 'home' });
  };
  const toPlaced = (list: RJSFValidationError[]) => list.map((e) => ({ path: validationPath(e), message: e.message ?? e.stack }));
  const onChange = (next: Data, live: RJSFValidationError[]) => {
    if (attempted) setClientErrors(toPlaced(live));
    if (saver.serverErrors.length) saver.setServerErrors(withoutChanged(saver.serverErrors, data, next));
    setData(next);
    setTouched(true);
  };
  const onInvalid = (list: RJSFValidationError[]) => {
    setAttempted(true);
    setClientErrors(toPlaced(list));
  };

  return (
    <div className={`lf-page lf-form-page${embedded ? ' is-embedded' : ''}`}>
      <FormHeader
        entity={uiEntity}
        id={id}
        record={loaded.data}
        formId={formId}
        dirty={dirty}
        saving={saver.saving}
        embedded={embedded}
        onCancel={cancel}
        t={t}
      />
      {saver.stale && <StaleBanner t={t} onReload={loaded.reload} onKeep={saver.dismissStale} onOverwrite={() => submit(data, true)} />}
      <ErrorSummary errors={errors} entity={uiEntity} t={t} />
      <FormView
        key={loaded.generation}
        formId={formId}
        ctx={ctx}
        data={data}
        extraErrors={toErrorSchema(saver.serverErrors)}
        live={attempted}
        onChange={onChange}
        onSubmit={(d) => submit(d)}
        onInvalid={onInvalid}
      />
    </div>
  );
}
