import { eq, sql } from 'drizzle-orm';
import { tables, type DbOrTx } from '@app/db';
import type { Role } from '@app/contracts';
import type { Actor, RequestContext } from './actor.js';
import { textArray } from './sql-arrays.js';

const { enti, memberships, users } = tables;

/** What a record grants an actor, as its module answers it. */
export interface RecordAccess {
  /** The ente the record belongs to, when there is one. */
  enteId: string | null;
  read: boolean;
  write: boolean;
  /** May delete others' comments on it (defaults to `write`). */
  moderate?: boolean;
}

export type AccessResolver = (ctx: RequestContext, id: string) => Promise<RecordAccess | null>;

/** What a record is called and where it is shown. */
export interface RecordDescription {
  title: string;
  url: string;
  module: string;
}

/** A comment written on a record, as modules are told of it. */
export interface CommentEvent {
  commentId: string;
  recordType: string;
  recordId: string;
  authorId: string;
  body: string;
}

/** What a module tells the platform about one of its record types. */
export interface RecordTypeDef {
  /** The actor's access to one record (deny = null or read false). */
  access: AccessResolver;
  /**
   * Who may see the record, as audience tokens (see `actorTokens`): used to scope the global search and
   * the calendars in SQL. Must agree with `access(...).read`.
   */
  audience?: (db: DbOrTx, id: string) => Promise<string[] | null>;
  describe?: (db: DbOrTx, id: string) => Promise<RecordDescription | null>;
  /** Comments are allowed on these records. */
  commentable?: boolean;
  /** Called in the transaction that stores a comment on one of these records. */
  onComment?: (tx: DbOrTx, event: CommentEvent, ctx: RequestContext) => Promise<void>;
  /** The users who follow a record without subscribing (its owner, its assignee…), told of its comments. */
  stakeholders?: (db: DbOrTx, id: string) => Promise<string[]>;
}

const RECORD_TYPE = /^[a-z][a-z0-9_.-]{0,49}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The record types of all modules, in one place: documents, comments, notifications, the calendar and the
 * global search ask here who may see or change a record, so each module states its rules once.
 */
export function createRecordRegistry() {
  const types = new Map<string, RecordTypeDef>();
  const registry = {
    register(type: string, def: RecordTypeDef | AccessResolver): void {
      if (!RECORD_TYPE.test(type)) throw new Error(`Invalid owner type "${type}"`);
      if (types.has(type)) throw new Error(`Owner type "${type}" is already registered`);
      types.set(type, typeof def === 'function' ? { access: def } : def);
    },
    has: (type: string) => types.has(type),
    get: (type: string) => types.get(type),
    /** The actor's access; null for an unknown type, a malformed id or a missing record. */
    async access(ctx: RequestContext, type: string, id: string): Promise<RecordAccess | null> {
      const def = types.get(type);
      if (!def || !UUID.test(id) || !ctx.actor) return null;
      return def.access(ctx, id);
    },
    /** Whether a user (not the caller) may read a record: mentions, notifications, reminders. */
    async userCanRead(db: DbOrTx, userId: string, type: string, id: string): Promise<boolean> {
      const actor = await loadActor(db, userId);
      if (!actor) return false;
      const access = await registry.access({ actor, requestId: 'system' }, type, id);
      return access?.read === true;
    },
    async audience(db: DbOrTx, type: string, id: string): Promise<string[] | null> {
      const def = types.get(type);
      return def?.audience ? def.audience(db, id) : null;
    },
    async describe(db: DbOrTx, type: string, id: string): Promise<RecordDescription | null> {
      const def = types.get(type);
      return def?.describe ? def.describe(db, id) : null;
    },
  };
  return registry;
}
export type RecordRegistry = ReturnType<typeof createRecordRegistry>;

/**
 * Audience tokens: `member` (every signed-in member of the network), `user:<id>`, `ente:<id>` (any member
 * of the ente), `role:<role>` (the role in any ente), `ente-role:<enteId>:<role>`. A record's audience lists
 * tokens; an actor sees it when they share one.
 */
export const audience = {
  member: 'member',
  user: (id: string) => `user:${id}`,
  ente: (id: string) => `ente:${id}`,
  role: (role: Role) => `role:${role}`,
  enteRole: (enteId: string, role: Role) => `ente-role:${enteId}:${role}`,
};

/** The tokens an actor holds. */
export function actorTokens(actor: Actor | null): string[] {
  if (!actor) return [];
  const tokens = new Set<string>([audience.user(actor.userId)]);
  if (actor.memberships.length > 0) tokens.add(audience.member);
  for (const m of actor.memberships) {
    tokens.add(audience.ente(m.enteId));
    tokens.add(audience.role(m.role));
    tokens.add(audience.enteRole(m.enteId, m.role));
  }
  return [...tokens];
}

/**
 * The actor a user would be if signed in (all memberships, no session): for decisions about people other than
 * the caller. Null for an unknown or deactivated user.
 */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  if (!UUID.test(userId)) return null;
  const [user] = await db.select({ id: users.id, email: users.email, active: users.active }).from(users).where(eq(users.id, userId));
  if (!user?.active) return null;
  const rows = await db
    .select({ id: memberships.id, enteId: memberships.enteId, role: memberships.role, enteType: enti.type })
    .from(memberships)
    .innerJoin(enti, eq(enti.id, memberships.enteId))
    .where(eq(memberships.userId, userId));
  return {
    userId: user.id,
    email: user.email,
    sessionId: 'system',
    memberships: rows.map((r) => ({ id: r.id, enteId: r.enteId, enteType: r.enteType, role: r.role as Role })),
    activeMembershipId: rows[0]?.id ?? null,
  };
}

/** SQL: the ids of active users holding at least one of the tokens (reminders, fan-out to an audience). */
export const usersWithTokens = (tokens: string[]) => {
  const list = textArray(tokens);
  return sql`
  select distinct m.user_id as id from memberships m join users u on u.id = m.user_id
  where u.active and (
    ${tokens.includes(audience.member)}
    or ('ente:' || m.ente_id) = any(${list})
    or ('role:' || m.role) = any(${list})
    or ('ente-role:' || m.ente_id || ':' || m.role) = any(${list})
    or ('user:' || m.user_id) = any(${list}))`;
};
