import { describe, expect, it } from 'vitest';
import { allRead, withRead, type NotificationPage } from './notifications-api.ts';

const n = (id: string, readAt: string | null) => ({
  id,
  title: id,
  message: '',
  source: 'reminder:x',
  entity: null,
  recordId: null,
  createdAt: '2026-01-01T00:00:00Z',
  readAt,
});
const page: NotificationPage = { data: [n('a', null), n('b', '2026-01-02T00:00:00Z'), n('c', null)], unread: 7 };

describe('the bell, changed before the server answers', () => {
  it('marks one read or unread and moves the count once', () => {
    const read = withRead(page, 'a', '2026-01-03T00:00:00Z');
    expect(read.unread).toBe(6);
    expect(read.data[0].readAt).toBe('2026-01-03T00:00:00Z');
    expect(withRead(read, 'a', '2026-01-04T00:00:00Z').unread).toBe(6);
    expect(withRead(read, 'b', null).unread).toBe(7);
  });

  it('marks all read', () => {
    const all = allRead(page, '2026-01-05T00:00:00Z');
    expect(all.unread).toBe(0);
    expect(all.data.map((x) => x.readAt)).toEqual(['2026-01-05T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-05T00:00:00Z']);
  });
});
