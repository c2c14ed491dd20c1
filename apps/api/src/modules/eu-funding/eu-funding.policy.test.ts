import { describe, expect, it } from 'vitest';
import type { Role } from '@app/contracts';
import type { Actor } from '../../lib/actor.js';
import { can, type ProjectFacts } from './eu-funding.policy.js';

const COMUNE = 'comune-lead';
const PARTNER = 'comune-partner';
const OTHER = 'comune-other';
const PROV = 'provincia-pd';
const OTHER_PROV = 'provincia-ro';
const UPI = 'upi';

const actor = (enteId: string, enteType: string, role: Role): Actor => ({
  userId: 'u',
  email: 'u@example.it',
  sessionId: 's',
  activeMembershipId: 'm',
  memberships: [{ id: 'm', enteId, enteType, role }],
});
const project: ProjectFacts = { leadEnteId: COMUNE, provinciaId: PROV, partnerEnteIds: [PARTNER], servedBySape: true };
/** A Comune of the same Province that is party to no SAPE convention of it. */
const unserved: ProjectFacts = { ...project, servedBySape: false };

describe('permission matrix of the SAPE module (role × own/other ente × action)', () => {
  const people: [string, Actor, { read: boolean; edit: boolean; create: boolean; calls: boolean; territory: boolean; upiView: boolean }][] = [
    ['lead Comune staff', actor(COMUNE, 'comune', 'comune_user'), { read: true, edit: true, create: true, calls: false, territory: false, upiView: false }],
    ['lead Comune administrator', actor(COMUNE, 'comune', 'ente_admin'), { read: true, edit: true, create: true, calls: false, territory: false, upiView: false }],
    ['lead Comune viewer', actor(COMUNE, 'comune', 'viewer'), { read: true, edit: false, create: false, calls: false, territory: false, upiView: false }],
    ['partner Comune staff', actor(PARTNER, 'comune', 'comune_user'), { read: true, edit: false, create: false, calls: false, territory: false, upiView: false }],
    ['another Comune', actor(OTHER, 'comune', 'comune_user'), { read: false, edit: false, create: false, calls: false, territory: false, upiView: false }],
    ["the Province's SAPE", actor(PROV, 'provincia', 'sape_operator'), { read: true, edit: true, create: true, calls: true, territory: true, upiView: false }],
    ["the Province's SUA", actor(PROV, 'provincia', 'sua_operator'), { read: false, edit: false, create: false, calls: false, territory: false, upiView: false }],
    ["another Province's SAPE", actor(OTHER_PROV, 'provincia', 'sape_operator'), { read: false, edit: false, create: false, calls: true, territory: false, upiView: false }],
    ['UPI', actor(UPI, 'upi', 'upi_admin'), { read: false, edit: false, create: false, calls: true, territory: true, upiView: true }],
  ];
  for (const [who, a, exp] of people) {
    it(`${who}: read ${exp.read}, edit ${exp.edit}, create ${exp.create}, keep calls ${exp.calls}, territory ${exp.territory}, UPI view ${exp.upiView}`, () => {
      expect(can(a, { type: 'project.read', ...project })).toBe(exp.read);
      expect(can(a, { type: 'project.edit', ...project })).toBe(exp.edit);
      expect(can(a, { type: 'project.create', leadEnteId: COMUNE, leadEnteType: 'comune', provinciaId: PROV, servedBySape: true })).toBe(exp.create);
      expect(can(a, { type: 'call.write' })).toBe(exp.calls);
      expect(can(a, { type: 'territory.read', provinciaId: PROV })).toBe(exp.territory);
      expect(can(a, { type: 'territory.read', provinciaId: null })).toBe(exp.upiView);
    });
  }
  it("the Province's SAPE neither sees, edits nor creates projects of a Comune of its Province without a SAPE convention; the Comune still does", () => {
    const sape = actor(PROV, 'provincia', 'sape_operator');
    const admin = actor(PROV, 'provincia', 'ente_admin');
    for (const a of [sape, admin]) {
      expect(can(a, { type: 'project.read', ...unserved })).toBe(false);
      expect(can(a, { type: 'project.edit', ...unserved })).toBe(false);
      expect(can(a, { type: 'project.create', leadEnteId: COMUNE, leadEnteType: 'comune', provinciaId: PROV, servedBySape: false })).toBe(false);
    }
    expect(can(actor(COMUNE, 'comune', 'comune_user'), { type: 'project.edit', ...unserved })).toBe(true);
    expect(can(actor(PARTNER, 'comune', 'comune_user'), { type: 'project.read', ...unserved })).toBe(true);
  });
  it("another Province's SAPE never sees a project, even of a Comune served by a SAPE", () => {
    const other = actor(OTHER_PROV, 'provincia', 'sape_operator');
    expect(can(other, { type: 'project.read', ...project })).toBe(false);
    expect(can(other, { type: 'project.read', ...project, provinciaId: PROV })).toBe(false);
  });
  it('denies everything to nobody and to a user without memberships', () => {
    expect(can(null, { type: 'project.read', ...project })).toBe(false);
    expect(can({ userId: 'u', email: 'e', sessionId: 's', activeMembershipId: null, memberships: [] }, { type: 'call.write' })).toBe(false);
  });
});
