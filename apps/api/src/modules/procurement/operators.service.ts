import type { Db } from '@app/db';
import type { Operator, OperatorInput } from '@app/contracts';
import type { RequestContext } from '../../lib/actor.js';
import { AppError, badRequest, conflict, forbidden, notFound, unauthenticated } from '../../lib/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { checkCodiceFiscale, checkPartitaIva } from './operators.validation.js';
import type { OperatorRow, OperatorsRepository } from './operators.repository.js';
import { can } from './procurement.policy.js';

export interface OperatorsDeps {
  db: Db;
  repo: OperatorsRepository;
  audit: Pick<AuditService, 'record'>;
}

export const OPERATOR_ENTITY = 'economic_operator';

export type OperatorUpdate = Partial<OperatorInput> & { version: number };

type SoaEntry = Operator['soa'][number];

export const presentOperator = (r: OperatorRow): Operator => ({
  id: r.id,
  name: r.name,
  taxCode: r.taxCode,
  vatNumber: r.vatNumber,
  legalForm: r.legalForm,
  address: r.address,
  pec: r.pec,
  employees: r.employees,
  soa: Array.isArray(r.soa) ? (r.soa as SoaEntry[]) : [],
  isDemo: r.isDemo,
  version: r.version,
});

/** The unique index on the tax code refused the row (the error may be wrapped by the driver layer). */
function isUniqueViolation(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; cause?: unknown };
  return e.code === '23505' || isUniqueViolation(e.cause, depth + 1);
}

const operatorExists = (existing: OperatorRow | null) =>
  new AppError(409, 'operator_exists', 'An economic operator with this tax code is already registered', existing ? { operator: { id: existing.id, name: existing.name } } : undefined);

/** Rejects invalid tax identifiers with the paths of the fields, before anything is written. */
function validateTaxIds(input: { taxCode?: string; vatNumber?: string | null }): void {
  const issues: { path: string; message: string; code: string }[] = [];
  if (input.taxCode !== undefined) {
    const p = checkCodiceFiscale(input.taxCode);
    if (p) issues.push({ path: 'body.taxCode', message: p.message, code: p.code });
  }
  if (input.vatNumber) {
    const p = checkPartitaIva(input.vatNumber);
    if (p) issues.push({ path: 'body.vatNumber', message: p.message, code: p.code });
  }
  if (issues.length) throw badRequest('validation_failed', 'Invalid input', { issues });
}

const normalizeTaxCode = (s: string) => s.replace(/\s+/g, '').toUpperCase();

/** The registry of economic operators shared by the SUA of every Province. */
export function createOperatorsService(d: OperatorsDeps) {
  const { db, repo, audit } = d;

  function allow(ctx: RequestContext, type: 'operators.read' | 'operators.write') {
    if (!ctx.actor) throw unauthenticated();
    if (!can(ctx.actor, { type })) throw forbidden();
    return ctx.actor;
  }

  return {
    async list(ctx: RequestContext, q: { q?: string; page: number; pageSize: number }): Promise<{ items: Operator[]; total: number }> {
      allow(ctx, 'operators.read');
      const { rows, total } = await repo.list(db, { q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
      return { items: rows.map(presentOperator), total };
    },

    async get(ctx: RequestContext, id: string): Promise<Operator> {
      allow(ctx, 'operators.read');
      const row = await repo.find(db, id);
      if (!row) throw notFound('operator');
      return presentOperator(row);
    },

    async create(ctx: RequestContext, input: OperatorInput): Promise<Operator> {
      const actor = allow(ctx, 'operators.write');
      const taxCode = normalizeTaxCode(input.taxCode);
      validateTaxIds({ taxCode, vatNumber: input.vatNumber });
      try {
        return await db.transaction(async (tx) => {
          const row = await repo.insert(tx, {
            name: input.name,
            taxCode,
            vatNumber: input.vatNumber ?? null,
            legalForm: input.legalForm ?? null,
            address: input.address ?? null,
            pec: input.pec ?? null,
            employees: input.employees ?? null,
            soa: input.soa ?? [],
            createdBy: actor.userId,
          });
          if (!row) throw operatorExists(await repo.findByTaxCode(tx, taxCode));
          await audit.record(tx, ctx, { action: 'economic_operator.create', entityType: OPERATOR_ENTITY, entityId: row.id, changes: { ...input, taxCode } });
          return presentOperator(row);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw operatorExists(await repo.findByTaxCode(db, taxCode));
        throw err;
      }
    },

    async update(ctx: RequestContext, id: string, input: OperatorUpdate): Promise<Operator> {
      allow(ctx, 'operators.write');
      const { version, ...fields } = input;
      const taxCode = fields.taxCode === undefined ? undefined : normalizeTaxCode(fields.taxCode);
      validateTaxIds({ taxCode, vatNumber: fields.vatNumber });
      try {
        return await db.transaction(async (tx) => {
          const current = await repo.find(tx, id);
          if (!current) throw notFound('operator');
          if (current.version !== version) throw conflict();
          if (taxCode !== undefined && taxCode !== current.taxCode) {
            const other = await repo.findByTaxCode(tx, taxCode);
            if (other) throw operatorExists(other);
          }
          const changes = Object.fromEntries(Object.entries({ ...fields, ...(taxCode === undefined ? {} : { taxCode }) }).filter(([, v]) => v !== undefined));
          const row = await repo.update(tx, id, version, changes);
          if (!row) throw conflict();
          await audit.record(tx, ctx, { action: 'economic_operator.update', entityType: OPERATOR_ENTITY, entityId: id, changes: { ...changes, version: row.version } });
          return presentOperator(row);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw operatorExists(taxCode ? await repo.findByTaxCode(db, taxCode) : null);
        throw err;
      }
    },
  };
}
export type OperatorsService = ReturnType<typeof createOperatorsService>;
