import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';
import { DATE_TIME, idParams, UUID } from './common-schemas.ts';

/** The signed-in user's notifications (notifications.plugin.ts). */

const TAG = ['Notifications'];

const notification: JsonSchema = {
  type: 'object',
  properties: {
    id: UUID,
    title: { type: 'string' },
    message: { type: 'string' },
    source: { type: 'string', description: 'What sent it: `reminder:<name>`, `automation:<name>`, `approval:<name>`.' },
    entity: { type: ['string', 'null'], description: 'The entity of the record it is about, if any.' },
    recordId: { anyOf: [UUID, { type: 'null' }], description: 'The record it is about, if any.' },
    createdAt: DATE_TIME,
    readAt: { anyOf: [DATE_TIME, { type: 'null' }] },
  },
  required: ['id', 'title', 'message', 'source', 'entity', 'recordId', 'createdAt', 'readAt'],
};
const UNREAD = { type: 'integer', minimum: 0, description: "How many of the caller's notifications are unread." } as const;
const notificationParams = idParams('The notification id.');

export const listNotificationsSchema = {
  operationId: 'notifications_list',
  tags: TAG,
  summary: "The caller's notifications",
  description:
    'Newest first, with the count of unread ones. The web app sends its language as Accept-Language; Loom keeps it as the language the caller reads notifications and emails in.',
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      unread: { type: 'boolean', description: 'Only unread notifications.' },
      before: { ...UUID, description: 'The id of the last notification of the previous page.' },
    },
  },
  response: {
    200: json(
      { type: 'object', properties: { data: { type: 'array', items: notification }, unread: UNREAD }, required: ['data', 'unread'] },
      'The notifications and the unread count.',
    ),
    ...problems(400, 401, 503),
  },
};

export const markReadSchema = {
  operationId: 'notifications_read',
  tags: TAG,
  summary: 'Mark a notification read',
  params: notificationParams,
  response: { 200: json(notification, 'The notification.'), ...problems(401, 404, 503) },
};

export const markUnreadSchema = {
  operationId: 'notifications_unread',
  tags: TAG,
  summary: 'Mark a notification unread',
  params: notificationParams,
  response: { 200: json(notification, 'The notification.'), ...problems(401, 404, 503) },
};

export const markAllReadSchema = {
  operationId: 'notifications_read_all',
  tags: TAG,
  summary: "Mark all the caller's notifications read",
  response: {
    200: json(
      { type: 'object', properties: { updated: { type: 'integer', minimum: 0 }, unread: UNREAD }, required: ['updated', 'unread'] },
      'How many were marked.',
    ),
    ...problems(401, 503),
  },
};
