import type { ProcedureDetail } from '@app/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { pk, procurementApi } from './api';
import { useProcurementTranslation } from './i18n';

/**
 * The verifiable draw of the operators to invite (rotation, art. 49): the SUA announces a public seed, the platform
 * leaves out the outgoing contractor and draws among the registry; each draw shows its list, seed and result and is
 * checked again from them.
 */
export function DrawSection({ procedure }: { procedure: ProcedureDetail }) {
  const { t } = useProcurementTranslation();
  const qc = useQueryClient();
  const draws = useQuery({ queryKey: pk.draws(procedure.id), queryFn: () => procurementApi.draws(procedure.id) });
  const [count, setCount] = useState('5');
  const [seed, setSeed] = useState('');
  const open = procedure.can.manage && ['documenti', 'pronta'].includes(procedure.state);
  const run = useMutation({
    mutationFn: () => procurementApi.draw(procedure.id, { count: Number(count), publicSeed: seed.trim() }),
    onSuccess: () => {
      setSeed('');
      void qc.invalidateQueries({ queryKey: pk.draws(procedure.id) });
      void qc.invalidateQueries({ queryKey: pk.participants(procedure.id) });
    },
  });
  const items = draws.data?.items ?? [];
  if (!open && items.length === 0) return null;
  return (
    <section aria-labelledby="procedure-draws-title" className="mb-5">
      <h3 id="procedure-draws-title" className="h5">
        {t('draws.title')}
      </h3>
      <p>{t('draws.intro')}</p>
      {open && (
        <form
          className="row g-3 align-items-end mb-3"
          onSubmit={(e) => {
            e.preventDefault();
            run.mutate();
          }}
        >
          <div className="col-sm-3">
            <label htmlFor="draw-count" className="form-label">
              {t('draws.count')}
            </label>
            <input id="draw-count" type="number" min={1} max={100} className="form-control" value={count} onChange={(e) => setCount(e.target.value)} />
          </div>
          <div className="col-sm-6">
            <label htmlFor="draw-seed" className="form-label">
              {t('draws.seed')}
            </label>
            <input id="draw-seed" className="form-control" value={seed} onChange={(e) => setSeed(e.target.value)} aria-describedby="draw-seed-hint" />
            <small id="draw-seed-hint" className="form-text">
              {t('draws.seed_hint')}
            </small>
          </div>
          <div className="col-sm-3">
            <button type="submit" className="btn btn-primary" disabled={run.isPending || seed.trim().length < 3}>
              {t('draws.run')}
            </button>
          </div>
        </form>
      )}
      <ApiErrorAlert error={run.error ?? draws.error} />
      {items.map((d) => (
        <div key={d.id} className="card card-bg mb-3">
          <div className="card-body">
            <p className="mb-1">
              <strong>{t('draws.when', { at: new Date(d.drawnAt).toLocaleString('it-IT', { timeZone: 'Europe/Rome' }), who: d.drawnBy?.displayName ?? '' })}</strong>
            </p>
            <p className="mb-1">
              {t('draws.seed_used')}: <q>{d.publicSeed}</q>
            </p>
            <p className="mb-1">
              {t('draws.candidates', { n: d.candidates.length })} — SHA-256 <code>{d.candidatesSha256}</code>
            </p>
            {d.excluded.map((e) => (
              <p key={e.operator.id} className="mb-1">
                {t('draws.excluded', { name: e.operator.name })}: {e.reason}
              </p>
            ))}
            <p className="mb-1">{t('draws.drawn')}:</p>
            <ol>
              {d.drawn.map((o) => (
                <li key={o.id}>
                  {o.name} ({o.taxCode})
                </li>
              ))}
            </ol>
            <p className="mb-0" role="status">
              {d.verified ? t('draws.verified') : t('draws.not_verified')}
            </p>
          </div>
        </div>
      ))}
    </section>
  );
}
