import { linkHandler, routePath } from '../app/router.ts';
import { Avatar } from './Avatar.tsx';
import type { UiFieldType } from './field-type.ts';
import { refId, refTitle } from './value-parts.ts';

function Person({ name }: { name: string }) {
  return (
    <span className="person lf-user">
      <Avatar name={name} />
      <span className="truncate">{name}</span>
    </span>
  );
}

/** An expanded reference is sent and compared as its id. */
const refWrite = (value: unknown): unknown => (value && typeof value === 'object' ? ((value as { id?: unknown }).id ?? null) : value);

export const referenceTypes: Readonly<Record<string, UiFieldType>> = {
  lookup: {
    text: refTitle,
    cell: (field, value, ctx) => <span className="ref truncate">{refTitle(field, value, ctx)}</span>,
    view(field, value, ctx) {
      const id = refId(value);
      const title = refTitle(field, value, ctx);
      if (!id || !field.entity || !ctx.bundle.entities[field.entity]) return <span>{title}</span>;
      const to = { name: 'record', entity: field.entity, id } as const;
      return (
        <a className="lf-ref" href={routePath(to)} onClick={linkHandler(to)}>
          {title}
        </a>
      );
    },
    widget: 'lookup',
    filter: () => ({ kind: 'ref' }),
    width: 150,
    reference: true,
    write: refWrite,
    logic: refWrite,
    bulk: 'ref',
  },
  user: {
    text: refTitle,
    cell: (field, value, ctx) => <Person name={refTitle(field, value, ctx)} />,
    view: (field, value, ctx) => <Person name={refTitle(field, value, ctx)} />,
    widget: 'user',
    filter: () => ({ kind: 'ref' }),
    width: 150,
    reference: true,
    write: refWrite,
    logic: refWrite,
    bulk: 'ref',
  },
};
