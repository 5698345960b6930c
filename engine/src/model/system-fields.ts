import type { FieldDefinition } from '@loom/metadata';

/** Fields every record has; metadata may not declare fields with these names. */
export function systemFieldDefinitions(owned: boolean, softDelete = false): [string, FieldDefinition, { en: string; 'zh-CN': string }][] {
  const fields: [string, FieldDefinition, { en: string; 'zh-CN': string }][] = [
    ['id', { type: 'id' } as unknown as FieldDefinition, { en: 'ID', 'zh-CN': '编号' }],
    ['createdAt', { type: 'datetime' }, { en: 'Created at', 'zh-CN': '创建时间' }],
    ['updatedAt', { type: 'datetime' }, { en: 'Updated at', 'zh-CN': '更新时间' }],
    ['createdBy', { type: 'user' }, { en: 'Created by', 'zh-CN': '创建人' }],
    ['updatedBy', { type: 'user' }, { en: 'Updated by', 'zh-CN': '更新人' }],
    ['version', { type: 'integer' }, { en: 'Version', 'zh-CN': '版本' }],
  ];
  if (owned) fields.push(['owner', { type: 'user' }, { en: 'Owner', 'zh-CN': '负责人' }]);
  // Entities with softDelete keep deleted records: when and by whom (null while the record is live).
  if (softDelete) {
    fields.push(['deletedAt', { type: 'datetime' }, { en: 'Deleted at', 'zh-CN': '删除时间' }]);
    fields.push(['deletedBy', { type: 'user' }, { en: 'Deleted by', 'zh-CN': '删除人' }]);
  }
  return fields;
}

/** Fields every record may have, and `ownerTeamKey`, whose column (owner_team_key) owned records keep for the team scope. */
export const SYSTEM_FIELD_NAMES = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'version',
  'owner',
  'deletedAt',
  'deletedBy',
  'ownerTeamKey',
]);
