import { and, asc, count, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { tables, type Db, type DbOrTx } from '@app/db';

// Memberships are shown with their ente's name and type: a read-only join on the registry's table keeps that one
// query on every authenticated request. Checks that an ente exists go through the registry service.
const { users, memberships, sessions, passwordResetTokens, oidcLogins, enti } = tables;
export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export interface MembershipView {
  id: string;
  userId: string;
  enteId: string;
  enteName: string;
  enteType: string;
  enteIstatCode: string | null;
  role: string;
}

/**
 * Live session of an active user with the user's e-mail and memberships (one row per membership,
 * or one row with null membership): prepared once, the only query of an authenticated request.
 */
const prepareLiveSession = (db: Db) =>
  db
    .select({
      session: sessions,
      email: users.email,
      membershipId: memberships.id,
      enteId: memberships.enteId,
      enteType: enti.type,
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, eq(memberships.userId, sessions.userId))
    .leftJoin(enti, eq(enti.id, memberships.enteId))
    .where(
      and(
        eq(sessions.id, sql.placeholder('id')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
        gt(sessions.absoluteExpiresAt, sql.placeholder('now')),
        eq(users.active, true),
      ),
    )
    .orderBy(asc(enti.name), asc(memberships.role))
    .prepare('live_session');

export function createIdentityRepository() {
  // the prepared statement of the per-request authentication, built on first use
  let liveSession: ReturnType<typeof prepareLiveSession> | undefined;
  async function membershipsOf(db: DbOrTx, userIds: string[]): Promise<MembershipView[]> {
    if (userIds.length === 0) return [];
    return db
      .select({
        id: memberships.id,
        userId: memberships.userId,
        enteId: memberships.enteId,
        enteName: enti.name,
        enteType: enti.type,
        enteIstatCode: enti.istatCode,
        role: memberships.role,
      })
      .from(memberships)
      .innerJoin(enti, eq(enti.id, memberships.enteId))
      .where(inArray(memberships.userId, userIds))
      .orderBy(asc(enti.name), asc(memberships.role));
  }

  return {
    membershipsOf,
    async findUserById(db: DbOrTx, id: string) {
      const [u] = await db.select().from(users).where(eq(users.id, id));
      return u ?? null;
    },
    /** Counts a wrong password; at `threshold` the account locks until `lockUntil` and the count restarts. Answers whether it locked. */
    async recordFailedLogin(db: DbOrTx, userId: string, threshold: number, lockUntil: Date): Promise<boolean> {
      const [u] = await db
        .update(users)
        .set({
          failedLogins: sql`case when ${users.failedLogins} + 1 >= ${threshold} then 0 else ${users.failedLogins} + 1 end`,
          lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${threshold} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
        })
        .where(eq(users.id, userId))
        .returning({ lockedUntil: users.lockedUntil });
      return !!u?.lockedUntil && u.lockedUntil.getTime() === lockUntil.getTime();
    },
    async clearFailedLogins(db: DbOrTx, userId: string) {
      await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
    },
    async findUserByEmail(db: DbOrTx, email: string) {
      const [u] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
      return u ?? null;
    },
    async findUserByOidc(db: DbOrTx, issuer: string, subject: string) {
      const [u] = await db
        .select()
        .from(users)
        .where(and(eq(users.oidcIssuer, issuer), eq(users.oidcSubject, subject)));
      return u ?? null;
    },
    async listUsers(db: DbOrTx, o: { q?: string; enteIds?: string[] | null; enteId?: string; page: number; pageSize: number }) {
      const where: SQL[] = [];
      if (o.q) where.push(or(ilike(users.email, `%${o.q}%`), ilike(users.displayName, `%${o.q}%`))!);
      const scopeIds = o.enteId ? (o.enteIds ? o.enteIds.filter((e) => e === o.enteId) : [o.enteId]) : o.enteIds;
      if (scopeIds) {
        where.push(
          scopeIds.length
            ? inArray(users.id, db.select({ id: memberships.userId }).from(memberships).where(inArray(memberships.enteId, scopeIds)))
            : sql`false`,
        );
      }
      const cond = where.length ? and(...where) : undefined;
      const rows = await db
        .select()
        .from(users)
        .where(cond)
        .orderBy(asc(users.displayName), asc(users.email))
        .limit(o.pageSize)
        .offset((o.page - 1) * o.pageSize);
      const [total] = await db.select({ n: count() }).from(users).where(cond);
      return { rows, total: total?.n ?? 0 };
    },
    async insertUser(db: DbOrTx, v: typeof users.$inferInsert) {
      const rows = await db.insert(users).values(v).onConflictDoNothing().returning();
      return rows[0] ?? null;
    },
    /** Optimistic update: answers null when the version does not match. */
    async updateUser(db: DbOrTx, id: string, version: number, v: Partial<typeof users.$inferInsert>) {
      const [u] = await db
        .update(users)
        .set({ ...v, version: sql`${users.version} + 1`, updatedAt: new Date() })
        .where(and(eq(users.id, id), eq(users.version, version)))
        .returning();
      return u ?? null;
    },
    async setPassword(db: DbOrTx, id: string, passwordHash: string) {
      await db
        .update(users)
        .set({ passwordHash, failedLogins: 0, lockedUntil: null, version: sql`${users.version} + 1`, updatedAt: new Date() })
        .where(eq(users.id, id));
    },
    async linkOidc(db: DbOrTx, id: string, issuer: string, subject: string) {
      await db.update(users).set({ oidcIssuer: issuer, oidcSubject: subject, updatedAt: new Date() }).where(eq(users.id, id));
    },
    async insertMembership(db: DbOrTx, v: { userId: string; enteId: string; role: string }) {
      const [m] = await db.insert(memberships).values(v).onConflictDoNothing().returning();
      return m ?? null;
    },
    async findMembership(db: DbOrTx, userId: string, id: string) {
      const [m] = await db
        .select()
        .from(memberships)
        .where(and(eq(memberships.id, id), eq(memberships.userId, userId)));
      return m ?? null;
    },
    async deleteMembership(db: DbOrTx, id: string) {
      await db.delete(memberships).where(eq(memberships.id, id));
    },
    async insertSession(db: DbOrTx, v: typeof sessions.$inferInsert) {
      await db.insert(sessions).values(v);
    },
    /** A live session of an active user, with the user's e-mail and memberships, in one query. */
    async findLiveSession(db: Db, id: string, now: Date) {
      liveSession ??= prepareLiveSession(db);
      const rows = await liveSession.execute({ id, now });
      const first = rows[0];
      if (!first) return null;
      return {
        session: first.session,
        email: first.email,
        memberships: rows.flatMap((r) =>
          r.membershipId && r.enteId && r.enteType && r.role ? [{ id: r.membershipId, enteId: r.enteId, enteType: r.enteType, role: r.role }] : [],
        ),
      };
    },
    async touchSession(db: DbOrTx, id: string, now: Date, expiresAt: Date) {
      await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
    },
    async setActiveMembership(db: DbOrTx, id: string, membershipId: string | null) {
      await db.update(sessions).set({ activeMembershipId: membershipId }).where(eq(sessions.id, id));
    },
    async revokeSession(db: DbOrTx, id: string) {
      await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
    },
    async revokeUserSessions(db: DbOrTx, userId: string) {
      await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
    },
    async insertResetToken(db: DbOrTx, v: typeof passwordResetTokens.$inferInsert) {
      await db.insert(passwordResetTokens).values(v);
    },
    /** Marks a live token used and answers its user; null when unknown, used or expired. */
    async consumeResetToken(db: DbOrTx, tokenHash: string, now: Date) {
      const [t] = await db
        .update(passwordResetTokens)
        .set({ usedAt: now })
        .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
        .returning();
      return t ?? null;
    },
    async insertOidcLogin(db: DbOrTx, v: typeof oidcLogins.$inferInsert) {
      await db.insert(oidcLogins).values(v);
    },
    async takeOidcLogin(db: DbOrTx, state: string, now: Date) {
      const [row] = await db.delete(oidcLogins).where(eq(oidcLogins.state, state)).returning();
      return row && row.expiresAt > now ? row : null;
    },
  };
}
export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
