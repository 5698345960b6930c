import { api, setCsrfToken } from './client.ts';
import type { SessionAnswer } from './types.ts';

/** The signed-in user, or null when there is no session. */
export async function currentSession(): Promise<SessionAnswer | null> {
  try {
    const answer = await api<SessionAnswer>('/api/auth/me', { quiet401: true });
    setCsrfToken(answer.csrfToken);
    return answer;
  } catch (error) {
    if ((error as { status?: number }).status === 401) return null;
    throw error;
  }
}

export async function signIn(email: string, password: string): Promise<SessionAnswer> {
  const answer = await api<SessionAnswer>('/api/auth/login', { method: 'POST', body: { email, password }, quiet401: true });
  setCsrfToken(answer.csrfToken);
  return answer;
}

export async function signOut(): Promise<void> {
  try {
    await api<void>('/api/auth/logout', { method: 'POST', body: {}, quiet401: true });
  } finally {
    setCsrfToken(null);
  }
}
