import type { ObjectType, ProcedureState } from '@app/contracts';
import type { RequestContext } from '../../lib/actor.js';

/** What the operators and checks need to know of a procedure the caller may access. */
export interface ProcedureAccess {
  id: string;
  number: string;
  title: string;
  comuneId: string;
  provinciaId: string;
  state: ProcedureState;
  objectType: ObjectType;
  /** Euros, at most two decimals. */
  estimatedValue: number;
  aboveEuThreshold: boolean;
  sia: boolean;
  /** Who may read the procedure, as audience tokens (see lib/records). */
  audience: string[];
}

/**
 * The procedures' gate: answers the procedure when the caller may do `action` on it; throws 404 not_found
 * when the caller may not read it and 403 forbidden when they may read but not manage it.
 */
export interface ProcedureAccessPort {
  load(ctx: RequestContext, id: string, action: 'read' | 'manage'): Promise<ProcedureAccess>;
}
