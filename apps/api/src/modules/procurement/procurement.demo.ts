import type { ObjectType } from '@app/contracts';
import type { ProcurementDemoPlan } from '@app/db/seed';
import { advise, directAwardBand } from './rules/advice.js';
import { requiredDocuments } from './rules/documents-matrix.js';
import { rulesAt, type RuleValue } from './rules/rules.js';

/** The choices of the demo procedures, made by the platform's own rules on the given day. */
export function procurementDemoPlan(rules: readonly RuleValue[], today: string): ProcurementDemoPlan {
  const book = rulesAt(rules, today);
  const adviceOf = (objectType: string, value: number) =>
    advise({ object: objectType as ObjectType, estimatedValue: value, buyer: 'sub_central', date: today }, book);
  return {
    today,
    procedureFor(objectType, value) {
      const a = adviceOf(objectType, value);
      const code = (a.allowedProcedures.find((p) => p.code === 'NEGOZIATA_SENZA_BANDO') ?? a.allowedProcedures[0])!.code;
      // OEPV when mandatory or from the direct-award band upwards; the lowest price for small standard purchases
      const criterion = a.awardCriterion.oepvMandatory || code !== 'AFFIDAMENTO_DIRETTO' ? 'OEPV_QUALITA_PREZZO' : 'PREZZO';
      return { code, criterion };
    },
    documentsFor(p) {
      const a = adviceOf(p.objectType, p.estimatedValue);
      return requiredDocuments({
        procedureCode: p.procedureCode as 'APERTA',
        object: p.objectType as ObjectType,
        estimatedValue: p.estimatedValue,
        aboveEuThreshold: a.aboveEuThreshold,
        awardCriterion: p.awardCriterion as 'PREZZO',
        band: p.procedureCode.startsWith('AFFIDAMENTO_DIRETTO') ? directAwardBand(p.estimatedValue, book) : undefined,
      });
    },
  };
}
