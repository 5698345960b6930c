import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, headersOf } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';

export interface FileInfo {
  readonly id: string;
  readonly name: string;
  readonly mime: string;
  readonly size?: number;
}

export const fileUrl = (id: string) => `/api/files/${encodeURIComponent(id)}`;

/** A stored file's name, type and size, from the headers of its download. */
export function fileInfoFrom(id: string, headers: Headers): FileInfo {
  const match = /filename\*=UTF-8''([^;]+)/i.exec(headers.get('content-disposition') ?? '');
  return {
    id,
    name: match ? decodeURIComponent(match[1]) : id,
    mime: headers.get('content-type') ?? '',
    size: Number(headers.get('content-length')) || undefined,
  };
}

/**
 * Name and type of a stored file (a HEAD of its download). A stored file never changes (a
 * new upload is a new id), so it is asked for once; a file that cannot be read shows by id.
 */
export function useFileInfo(id: string | undefined): FileInfo | undefined {
  const query = useQuery({
    queryKey: keys.file(id ?? ''),
    queryFn: async ({ signal }) => fileInfoFrom(id!, await headersOf(fileUrl(id!), signal)),
    enabled: !!id,
    staleTime: Infinity,
  });
  return id ? query.data : undefined;
}

/** Uploads one file for a file or image field; answers the stored file (its id goes into the field), which is then known without a HEAD. */
export function useUploadFile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ entity, field, file }: { entity: string; field: string; file: File }): Promise<FileInfo> => {
      const body = new FormData();
      body.append('entity', entity);
      body.append('field', field);
      body.append('file', file, file.name);
      const answer = await api<Partial<FileInfo> & { id: string }>('/api/files', { method: 'POST', body });
      return { id: answer.id, name: answer.name ?? file.name, mime: answer.mime ?? file.type, size: answer.size ?? file.size };
    },
    onSuccess: (stored) => client.setQueryData(keys.file(stored.id), stored),
  });
}

export function sizeText(bytes: number | undefined): string {
  if (!bytes) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
