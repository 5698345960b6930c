import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UiLocale } from '@loom/metadata';
import { get, post } from '../api/index.ts';
import { invalidateAfterWrite } from '../api/invalidate.ts';
import { keys } from '../api/keys.ts';
import type { paths } from '../api/openapi.d.ts';

/** A label as the approval routes send it: one text, or a text per locale. */
export type ApiLabel = string | Readonly<Record<string, string>>;

export function labelText(label: ApiLabel | undefined, locale: UiLocale, fallback = ''): string {
  if (label === undefined) return fallback;
  if (typeof label === 'string') return label || fallback;
  return label[locale] || label.en || Object.values(label)[0] || fallback;
}

type Answer<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer A } } } } } ? A : never;

/** What waits for the signed-in user's decision, as GET /api/approvals/inbox documents it. */
export type InboxItem = Answer<'/api/approvals/inbox'>['data'][number];
/** A record's approvals (GET /api/approvals/instances), each round with its decisions and what the caller may do. */
export type RecordApprovals = Answer<'/api/approvals/instances'>;
export type ApprovalInstance = RecordApprovals['data'][number];
export type ApprovalStatus = ApprovalInstance['status'];
export type UserRef = NonNullable<ApprovalInstance['submitter']>;

/** What waits for the signed-in user's decision. */
export function useApprovalInbox() {
  return useQuery({
    queryKey: keys.approvalInbox(),
    queryFn: ({ signal }) => get<{ data: InboxItem[]; count: number }>('/api/approvals/inbox', undefined, signal),
  });
}

/** How many decisions wait (the menu's badge); refreshed every minute while the app is open. */
export function useApprovalCount(enabled: boolean) {
  return useQuery({
    queryKey: keys.approvalCount(),
    queryFn: ({ signal }) => get<{ count: number }>('/api/approvals/inbox/count', undefined, signal),
    enabled,
    refetchInterval: 60_000,
    select: (answer) => answer.count,
  });
}

/** A record's approvals; undefined data when the record has none to show. */
export function useRecordApprovals(entity: string, id: string) {
  return useQuery({
    queryKey: keys.recordApprovals(entity, id),
    queryFn: ({ signal }) => get<RecordApprovals>('/api/approvals/instances', { record: id, entity }, signal),
    retry: false,
  });
}

/** Whether a pending approval locks the record against the caller's edits (Edit and Delete are then not offered). */
export function useApprovalLocked(entity: string, id: string): boolean {
  const { data } = useRecordApprovals(entity, id);
  return !!data?.data.some((instance) => instance.status === 'pending' && !instance.can.edit);
}

export type ApprovalCommand =
  | { readonly kind: 'approve' | 'reject' | 'recall'; readonly instance: string; readonly comment?: string }
  | { readonly kind: 'submit'; readonly approval: string; readonly record: string };

/** Submit, approve, reject, recall: afterwards the inbox, the counts and the record's page (its status may have changed) are read again. */
export function useApprovalCommand(entity: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (command: ApprovalCommand) =>
      command.kind === 'submit'
        ? post<ApprovalInstance>(`/api/approvals/${encodeURIComponent(command.approval)}/submit`, { record: command.record })
        : post<ApprovalInstance>(
            `/api/approvals/instances/${encodeURIComponent(command.instance)}/${command.kind}`,
            command.comment ? { comment: command.comment } : {},
          ),
    onSuccess: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: keys.approvals() }), invalidateAfterWrite(client, entity)]);
    },
  });
}
