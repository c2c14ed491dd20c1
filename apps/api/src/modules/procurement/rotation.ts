import { createHash } from 'node:crypto';

/**
 * Rotation of the invited operators (art. 49 D.Lgs. 36/2023) and a verifiable random draw among the others.
 *
 * Rotation: the outgoing contractor — the awardee of the Comune's previous procedure in the same CPV division —
 * is not invited again to two consecutive procedures of the same kind (art. 49 c.2), unless the SUA says why.
 *
 * Draw: the candidates are sorted and hashed (their SHA-256 is published with the result); the public seed is
 * announced before the draw (e.g. the numbers of a public lottery, or the time and place of a public session). Each
 * candidate's ticket is SHA-256(seed ":" candidatesSha256 ":" operatorId); the lowest tickets win. Anyone holding the
 * list and the seed recomputes the same result; nobody can steer it once the seed is public.
 */

export interface PreviousAward {
  operatorId: string;
  cpvMain: string;
  awardedOn: string;
  procedureNumber: string;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
/** The CPV division (first two digits): the "settore merceologico" of art. 49 as the platform reads it. */
export const cpvDivision = (cpv: string) => cpv.slice(0, 2);

/** The outgoing contractor to leave out: the latest award of the Comune in the same CPV division, if any. */
export function outgoingContractor(cpvMain: string, previous: PreviousAward[]): PreviousAward | null {
  const same = previous.filter((p) => cpvDivision(p.cpvMain) === cpvDivision(cpvMain));
  same.sort((a, b) => b.awardedOn.localeCompare(a.awardedOn) || b.procedureNumber.localeCompare(a.procedureNumber));
  return same[0] ?? null;
}

export const candidatesDigest = (candidates: readonly string[]) => sha256([...candidates].sort().join('\n'));

/** Draws `count` of the candidates with the public seed: deterministic, and the same for whoever recomputes it. */
export function draw(candidates: readonly string[], publicSeed: string, count: number): { drawn: string[]; candidatesSha256: string } {
  const sorted = [...new Set(candidates)].sort();
  const digest = candidatesDigest(sorted);
  const tickets = sorted.map((id) => ({ id, ticket: sha256(`${publicSeed}:${digest}:${id}`) }));
  tickets.sort((a, b) => a.ticket.localeCompare(b.ticket));
  return { drawn: tickets.slice(0, Math.min(count, tickets.length)).map((t) => t.id), candidatesSha256: digest };
}
