import { useEffect, useState } from 'react';
import { currentSession } from '../../api/index.ts';
import { ApiError } from '../../api/client.ts';

export interface FileInfo {
  readonly id: string;
  readonly name: string;
  readonly mime: string;
  readonly size?: number;
}

export const fileUrl = (id: string) => `/api/files/${encodeURIComponent(id)}`;

const known = new Map<string, FileInfo>();

/** Name and type of a stored file, from the headers of its download (cached per id). */
export function useFileInfo(id: string | undefined): FileInfo | undefined {
  const [info, setInfo] = useState<FileInfo | undefined>(id ? known.get(id) : undefined);
  useEffect(() => {
    if (!id) return setInfo(undefined);
    if (known.has(id)) return setInfo(known.get(id));
    let live = true;
    fetch(fileUrl(id), { method: 'HEAD', credentials: 'same-origin' })
      .then((res) => {
        if (!res.ok) return;
        const disposition = res.headers.get('content-disposition') ?? '';
        const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
        const found: FileInfo = { id, name: match ? decodeURIComponent(match[1]) : id, mime: res.headers.get('content-type') ?? '', size: Number(res.headers.get('content-length')) || undefined };
        known.set(id, found);
        if (live) setInfo(found);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [id]);
  return info;
}

/** Uploads one file for a file or image field; answers the stored file (its id goes into the field). */
export async function uploadFile(entity: string, field: string, file: File): Promise<FileInfo> {
  const session = await currentSession();
  const body = new FormData();
  body.append('entity', entity);
  body.append('field', field);
  body.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (session?.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  const res = await fetch('/api/files', { method: 'POST', body, headers, credentials: 'same-origin' });
  const answer = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, answer);
  const stored: FileInfo = { id: answer.id, name: answer.name ?? file.name, mime: answer.mime ?? file.type, size: answer.size ?? file.size };
  known.set(stored.id, stored);
  return stored;
}

export function sizeText(bytes: number | undefined): string {
  if (!bytes) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
