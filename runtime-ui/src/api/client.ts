/**
 * The one HTTP client every page uses (TanStack Query's query functions and mutations call it; file uploads too): JSON in and out, the session cookie, the CSRF header
 * on writes, problem+json answers turned into ApiError (with JSON pointers), and a 401
 * anywhere sending the app back to the sign-in page.
 */

export interface ProblemItem {
  /** JSON pointer into the request body, or `/query/<parameter>`. */
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors: readonly ProblemItem[];

  constructor(status: number, body: { title?: string; detail?: string; code?: string; errors?: ProblemItem[] } | undefined) {
    const title = body?.title ?? `HTTP ${status}`;
    super(body?.detail ? `${title}: ${body.detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? `HTTP_${status}`;
    this.title = title;
    this.detail = body?.detail;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
  }

  /** The problems whose pointer is `pointer` or below it ("/account" matches "/account/id"). */
  at(pointer: string): ProblemItem[] {
    return this.errors.filter((e) => e.path === pointer || e.path.startsWith(`${pointer}/`));
  }

  /** Messages for people: the details of each problem, else the title. */
  get messages(): string[] {
    return this.errors.length > 0 ? this.errors.map((e) => e.message) : [this.detail ?? this.title];
  }
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

/**
 * Every API answer carries `loom-revision`, the metadata revision it was served from. The app
 * listens so that a publish is noticed on the next request (the UI bundle is then reloaded).
 */
const revisionListeners = new Set<(revision: number) => void>();

export function onRevision(listener: (revision: number) => void): () => void {
  revisionListeners.add(listener);
  return () => revisionListeners.delete(listener);
}

function reportRevision(response: Response): void {
  const revision = Number(response.headers.get('loom-revision'));
  if (Number.isInteger(revision) && revision > 0) for (const listener of revisionListeners) listener(revision);
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request answers 401 (the session ended): the shell shows the sign-in page. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

let requestLanguage: string | null = null;

/** The language the user picked: sent as Accept-Language, so the server's problems (rules, permissions) come back in it. */
export function setRequestLanguage(locale: string): void {
  requestLanguage = locale;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  readonly method?: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly query?: Query;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** Do not treat a 401 as "signed out" (the sign-in and session probes). */
  readonly quiet401?: boolean;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/** One request: a FormData body (a file upload) goes as multipart, any other body as JSON. */
async function send(path: string, options: RequestOptions & { readonly method: NonNullable<RequestOptions['method']> }): Promise<Response> {
  const { method, body } = options;
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (requestLanguage && !headers['accept-language']) headers['accept-language'] = requestLanguage;
  const response = await fetch(buildUrl(path, options.query), {
    method,
    headers,
    body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    credentials: 'same-origin',
    signal: options.signal,
  });
  reportRevision(response);
  return response;
}

function refuse(response: Response, parsed: unknown, options: RequestOptions): never {
  if (response.status === 401 && !options.quiet401) for (const listener of unauthorizedListeners) listener();
  throw new ApiError(response.status, parsed as ConstructorParameters<typeof ApiError>[1]);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, { ...options, method: options.method ?? 'GET' });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) refuse(response, parsed, options);
  return parsed as T;
}

/** The headers of a resource without its body (HEAD), e.g. a stored file's name and type. */
export async function headersOf(path: string, signal?: AbortSignal): Promise<Headers> {
  const response = await send(path, { method: 'HEAD', signal });
  if (!response.ok) refuse(response, undefined, {});
  return response.headers;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) => api<T>(path, { query, signal });
export const post = <T>(path: string, body?: unknown) => api<T>(path, { method: 'POST', body: body ?? {} });
export const patch = <T>(path: string, body: unknown, headers?: Record<string, string>) => api<T>(path, { method: 'PATCH', body, headers });
export const del = <T>(path: string) => api<T>(path, { method: 'DELETE' });
