import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../apps/api/test/build-app.js';
import { loadEuFundingDemo } from './eu-funding.js';

describe('SAPE demo data', () => {
  it('loads calls and projects of Comuni of Padova and Rovigo, all marked demo, once', async () => {
    const database = await openTestDatabase();
    try {
      const { db } = database;
      expect(await db.transaction((tx) => loadEuFundingDemo(tx, '2026-05-10'))).toBe(true);
      const rows = async (q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
      const [calls] = await rows(sql`select count(*)::int as n, bool_and(is_demo) as demo from eu_calls where is_demo`);
      expect(calls).toEqual({ n: 8, demo: true });
      const projects = await rows(sql`select e.province_istat_code as p, count(*)::int as n, bool_and(pr.is_demo) as demo from eu_projects pr join enti e on e.id = pr.lead_ente_id where pr.is_demo group by 1 order by 1`);
      expect(projects).toEqual([
        { p: '028', n: 5, demo: true },
        { p: '029', n: 2, demo: true },
      ]);
      // each claim equals the eligible expenditures it groups
      const claims = await rows(sql`select c.amount::text as claimed, sum(x.amount)::text as grouped from eu_claims c join eu_expenditures x on x.claim_id = c.id join eu_projects pr on pr.id = c.project_id where pr.is_demo group by c.id order by 1`);
      expect(claims.length).toBe(2);
      for (const c of claims) expect(c.claimed).toBe(c.grouped);
      // co-financing covers each budget exactly
      const unbalanced = await rows(sql`select id from eu_projects p where budget <> (select coalesce(sum((x->>'amount')::numeric), 0) from jsonb_array_elements(p.cofinancing) x)`);
      expect(unbalanced).toEqual([]);
      // Padova's SAPE publishes the five kinds of service; four Comuni adhere through its SAPE convention in force
      const services = await rows(sql`select c.code, s.convention_id is not null as conv from eu_sape_services s join request_categories c on c.id = s.category_id join enti p on p.id = s.provincia_id where s.is_demo and s.published and p.istat_code = '028' order by s.position`);
      expect(services.map((x) => x.code)).toEqual(['informazione', 'ricerca-partner', 'progettazione-proposta', 'rendicontazione', 'formazione']);
      const [served] = await rows(sql`select count(*)::int as n from convention_parties cp join conventions c on c.id = cp.convention_id where c.is_demo and c.state = 'active' and 'sape' = any(c.services) and c.title like '%annualità in corso'`);
      expect(served).toEqual({ n: 4 });
      expect(await db.transaction((tx) => loadEuFundingDemo(tx, '2026-05-10'))).toBe(false);
    } finally {
      await database.close();
    }
  });
});
