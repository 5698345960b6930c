/**
 * Who is acting. Every record read and write takes an actor; permissions become SQL
 * predicates from it. The system actor (CLI, sample data, jobs) is explicit.
 */
export interface Actor {
  /** The user's id; null only for the system actor. */
  readonly id: string | null;
  /** Names of the role documents the user holds (the widest grant wins). */
  readonly roles: readonly string[];
  /** Ids of the teams the user belongs to. */
  readonly teams: readonly string[];
  /** Ids of every user in the user's teams, the user included (for scope `team`). */
  readonly teamMembers: readonly string[];
  /** Ids of the users who report to the user, directly or not (for scope `subordinates`). */
  readonly subordinates: readonly string[];
  /**
   * The team keys of everyone in the user's teams (see the 0004 system migration): a record
   * is the team's when its owner's key is one of these. Empty for a user in no team.
   */
  readonly teamKeys: readonly string[];
  /** Entities with records shared with the user or their teams; only these need the share test. */
  readonly sharedEntities: ReadonlySet<string>;
  /** Platform administrators manage metadata and people and see every record. */
  readonly admin: boolean;
  /** The system actor: no user, all access, used by explicit system paths only. */
  readonly system?: boolean;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ id: null, roles: [], teams: [], teamMembers: [], subordinates: [], teamKeys: [], sharedEntities: new Set<string>(), admin: true, system: true });

/** Someone not signed in: no roles, so no entity is theirs to read or write. */
export const ANONYMOUS_ACTOR: Actor = Object.freeze({ id: null, roles: [], teams: [], teamMembers: [], subordinates: [], teamKeys: [], sharedEntities: new Set<string>(), admin: false });
