import { describe, expect, it } from 'vitest';
import { isConnectionLost } from './connection-errors.ts';
import { isSafeToRepeat } from './retrying-pool.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionLost', () => {
  it('knows the server ending or refusing the session, and the socket failing', () => {
    for (const code of ['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '53300', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']) {
      expect(isConnectionLost(withCode(code)), code).toBe(true);
    }
  });

  it("knows node-postgres's own messages for a connection that ended or cannot be used", () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated',
      'Connection terminated due to connection timeout',
      'Client has encountered a connection error and is not queryable',
      'timeout exceeded when trying to connect',
    ]) {
      expect(isConnectionLost(new Error(message)), message).toBe(true);
    }
  });

  it('looks inside causes and aggregate errors', () => {
    expect(isConnectionLost(new Error('wrapped', { cause: withCode('57P01') }))).toBe(true);
    expect(isConnectionLost(new AggregateError([withCode('ECONNREFUSED')], 'connect failed'))).toBe(true);
  });

  it('leaves statements the database refused, and everything else, alone', () => {
    for (const error of [
      withCode('23505'),
      withCode('40P01'),
      withCode('57014'),
      withCode('42703'),
      withCode('22P02'),
      new Error('boom'),
      new Error('The Connection terminated'),
      null,
      undefined,
      'Connection terminated',
      {},
    ]) {
      expect(isConnectionLost(error), String((error as { code?: string })?.code ?? error)).toBe(false);
    }
  });
});

describe('isSafeToRepeat', () => {
  it('repeats reads and the opening of a transaction', () => {
    expect(isSafeToRepeat('select "id" from "loom_data"."note" where "id" = $1')).toBe(true);
    expect(isSafeToRepeat('\n    with recursive reports(id) as (select 1) select * from reports')).toBe(true);
    expect(isSafeToRepeat('begin')).toBe(true);
    expect(isSafeToRepeat('start transaction isolation level serializable')).toBe(true);
  });

  it('never repeats what may have changed something', () => {
    for (const text of [
      'insert into "loom_data"."note" ("title") values ($1)',
      'update loom.sessions set last_seen_at = $1',
      'delete from loom.sessions where expires_at < $1',
      'with created as (insert into t values ($1) returning *) select * from created',
      "select nextval('loom.seq')",
      'select pg_advisory_lock($1)',
      'select pg_notify($1, $2)',
      'select * from t where id = $1 for update',
      'commit',
      'create table t (id int)',
    ]) {
      expect(isSafeToRepeat(text), text).toBe(false);
    }
  });
});
