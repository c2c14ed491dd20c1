import { useEffect, useMemo, useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Loading } from '../../components/Loading';
import { downloadUrl, useBenchmark } from './api';
import { Downloads } from './components';
import { useDigitalAgendaTranslation } from './i18n';
import { MAP_COLOURS, MAP_REGIONS, NO_DATA_COLOUR, classBounds, colourClass } from './regions';

interface MapShape {
  viewBox: string;
  locations: { id: string; name: string; path: string }[];
}

/** The outlines of the Regions travel in their own chunk, loaded with the map. */
const loadShapes = () => import('@svg-maps/italy').then((m) => m.default as MapShape);

/**
 * Choropleth of the 20 Regions for the indicator's regional aggregate (recomputed from the Comuni), with the
 * Comuni view (share or median) or the population-weighted one, a legend, the credit of the map and the table.
 */
export function RegionMap({ code, name, period, isBool, format }: { code: string; name: string; period: number; isBool: boolean; format: (v: number | null) => string }) {
  const { t } = useDigitalAgendaTranslation();
  const q = useBenchmark(code, period, 'region');
  const [measure, setMeasure] = useState<'comuni' | 'population'>('comuni');
  const [shapes, setShapes] = useState<MapShape | null>(null);
  useEffect(() => {
    let live = true;
    void loadShapes().then((s) => live && setShapes(s));
    return () => {
      live = false;
    };
  }, []);
  const values = useMemo(() => {
    const m = new Map<string, number | null>();
    for (const r of q.data?.items ?? []) m.set(r.code, (measure === 'population' ? r.populationWeighted : isBool ? r.share : r.median) ?? null);
    return m;
  }, [q.data, measure, isBool]);
  const present = [...values.values()].filter((v): v is number => v !== null);
  const min = present.length ? Math.min(...present) : 0;
  const max = present.length ? Math.max(...present) : 0;
  const measureLabel = measure === 'population' ? t('views.map.populationView') : t('views.map.comuniView');
  const title = t('views.map.caption', { name, period, measure: measureLabel });
  const regions = Object.values(MAP_REGIONS).sort((a, b) => a.istat.localeCompare(b.istat));
  return (
    <section aria-labelledby="da-map" className="mb-4">
      <h3 id="da-map" className="h4">
        {t('views.map.title')}
      </h3>
      <Downloads label={t('views.download')} csv={downloadUrl(`/indicators/${code}/benchmark`, { period, level: 'region' }, 'csv')} json={downloadUrl(`/indicators/${code}/benchmark`, { period, level: 'region' }, 'json')} />
      <fieldset className="mb-2">
        <legend className="h6">{t('views.map.measure')}</legend>
        {(['comuni', 'population'] as const).map((m) => (
          <div className="form-check form-check-inline" key={m}>
            <input className="form-check-input" type="radio" name="da-map-measure" id={`da-map-${m}`} checked={measure === m} onChange={() => setMeasure(m)} />
            <label className="form-check-label" htmlFor={`da-map-${m}`}>
              {m === 'population' ? t('views.map.populationView') : t('views.map.comuniView')}
            </label>
          </div>
        ))}
      </fieldset>
      {q.isError && <ApiErrorAlert error={q.error} />}
      {q.isPending && <Loading />}
      {q.data && (
        <figure aria-labelledby="da-map-caption">
          <figcaption id="da-map-caption" className="h6">
            {title}
          </figcaption>
          <div className="row">
            <div className="col-md-8">
              {shapes && (
                <svg viewBox={shapes.viewBox} role="img" aria-labelledby="da-map-svg-title da-map-svg-desc" style={{ width: '100%', maxHeight: 520 }} data-testid="da-region-map">
                  <title id="da-map-svg-title">{title}</title>
                  <desc id="da-map-svg-desc">{t('views.map.desc', { max: format(present.length ? max : null), min: format(present.length ? min : null) })}</desc>
                  {shapes.locations.map((l) => {
                    const r = MAP_REGIONS[l.id];
                    const v = r ? (values.get(r.istat) ?? null) : null;
                    const k = colourClass(v, min, max);
                    return (
                      <path key={l.id} d={l.path} fill={k === null ? NO_DATA_COLOUR : MAP_COLOURS[k]} stroke="#5c6f82" strokeWidth={0.6}>
                        <title>{`${r?.name ?? l.name}: ${v === null ? t('views.map.noValue') : format(v)}`}</title>
                      </path>
                    );
                  })}
                </svg>
              )}
            </div>
            <div className="col-md-4">
              <p className="h6">{t('views.map.legend')}</p>
              <ul className="list-unstyled small">
                {present.length > 0 &&
                  classBounds(min, max).map(([lo, hi], k, all) => (
                    <li key={k}>
                      <span aria-hidden="true" style={{ display: 'inline-block', width: 16, height: 12, background: all.length === 1 ? MAP_COLOURS[MAP_COLOURS.length - 1] : MAP_COLOURS[k], marginRight: 6, border: '1px solid #5c6f82' }} />
                      {lo === hi ? format(lo) : `${format(lo)} – ${format(hi)}`}
                    </li>
                  ))}
                <li>
                  <span aria-hidden="true" style={{ display: 'inline-block', width: 16, height: 12, background: NO_DATA_COLOUR, marginRight: 6, border: '1px solid #5c6f82' }} />
                  {t('views.map.noValue')}
                </li>
              </ul>
            </div>
          </div>
          <p className="small">{t('views.map.credit')}</p>
          <details className="mt-2">
            <summary>{t('views.chartTable')}</summary>
            <div className="table-responsive">
              <table className="table table-sm">
                <caption>{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('views.map.region')}</th>
                    <th scope="col" className="text-end">
                      {t('views.map.value')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {regions.map((r) => (
                    <tr key={r.istat}>
                      <th scope="row" className="fw-normal">
                        {r.name}
                      </th>
                      <td className="text-end">{format(values.get(r.istat) ?? null)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </figure>
      )}
    </section>
  );
}
