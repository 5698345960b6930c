import type { UiBundle, UiEntity, UiForm, UiLocale, UiUser, UiView } from '@loom/metadata';
import type { Actor } from '../data/actor.ts';
import type { CompiledModel } from '../model/compiled-model.ts';
import { byName, uiContext } from './ui-context.ts';
import { uiEntity } from './ui-entity.ts';
import { uiForm } from './ui-form.ts';
import { uiMenus } from './menu-items.ts';
import { uiView } from './ui-view.ts';
import { uiHome } from './ui-home.ts';

/** The bundle without its `user`: the same for everyone with the same roles, admin flag and locale. */
export type SharedUiBundle = Omit<UiBundle, 'user'>;

/**
 * Everything the screens know about the model, for one actor and locale. Pure: the
 * model and the actor in, data out. Views and forms come first, so each entity can name
 * its default view and form among those the actor may use.
 */
export function buildUiBundle(model: CompiledModel, actor: Actor, locale: UiLocale): SharedUiBundle {
  const ctx = uiContext(model, actor, locale);
  const views: Record<string, UiView> = {};
  for (const compiled of byName(model.views)) {
    const view = uiView(ctx, compiled);
    if (view) views[view.name] = view;
  }
  const forms: Record<string, UiForm> = {};
  for (const compiled of byName(model.forms)) {
    const form = uiForm(ctx, compiled);
    if (form) forms[form.name] = form;
  }
  const entities: Record<string, UiEntity> = {};
  for (const name of [...ctx.readable.keys()].sort()) {
    const entityViews = Object.values(views).filter((v) => v.entity === name);
    const entityForms = Object.values(forms).filter((f) => f.entity === name);
    entities[name] = uiEntity(ctx, ctx.readable.get(name)!, entityViews, entityForms);
  }
  const home = uiHome(model, ctx, actor.roles, actor.admin || actor.system === true);
  return { revision: model.revision, locale, menus: uiMenus(ctx, views), entities, views, forms, ...(home ? { home } : {}) };
}

const cache = new WeakMap<CompiledModel, Map<string, SharedUiBundle>>();

/**
 * buildUiBundle, remembered per model (so per revision), role set, admin flag and locale:
 * screens ask for the bundle on every page load. A publish brings a new model object,
 * so old bundles go with the old model.
 */
export function cachedUiBundle(model: CompiledModel, actor: Actor, locale: UiLocale): SharedUiBundle {
  const key = `${locale}|${actor.admin || actor.system ? 'admin' : [...actor.roles].sort().join(',')}`;
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new Map()));
  let bundle = perModel.get(key);
  if (!bundle) perModel.set(key, (bundle = Object.freeze(buildUiBundle(model, actor, locale))));
  return bundle;
}

/** The bundle for one user: the shared part and who they are. */
export function withUser(bundle: SharedUiBundle, user: UiUser): UiBundle {
  return {
    revision: bundle.revision,
    locale: bundle.locale,
    user,
    menus: bundle.menus,
    entities: bundle.entities,
    views: bundle.views,
    forms: bundle.forms,
    ...(bundle.home ? { home: bundle.home } : {}),
  };
}
