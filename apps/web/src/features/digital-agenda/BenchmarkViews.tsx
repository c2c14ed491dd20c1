import { useState } from 'react';
import { BestImprovers } from './BestImprovers';
import { BoxPlotChart } from './BoxPlotChart';
import { HeatMapChart } from './HeatMapChart';
import { useDigitalAgendaTranslation } from './i18n';
import { ProvinceRanking } from './ProvinceRanking';
import { RegionMap } from './RegionMap';
import { useHeatMap, type Scope } from './views-api';

/**
 * The analysis of a territory under the comparison table: region map, box plots by peer group, heat map areas ×
 * Provinces, and, for a chosen Province, the ranking of its Comuni and the best improvers.
 */
export function BenchmarkViews({
  code,
  name,
  period,
  isBool,
  polarity,
  province,
  onProvince,
  format,
}: {
  code: string;
  name: string;
  period: number;
  isBool: boolean;
  polarity: string | undefined;
  province: string | undefined;
  onProvince: (code: string | undefined) => void;
  format: (v: number | null) => string;
}) {
  const { t } = useDigitalAgendaTranslation();
  const heat = useHeatMap(period);
  const provinces = heat.data?.items ?? [];
  const current = provinces.find((p) => p.code === province);
  const [level, setLevel] = useState<'national' | 'region' | 'province'>('province');
  // the chosen Province is known from the address before the list of Provinces arrives
  const effective = !province ? 'national' : level === 'region' && !current ? 'national' : level;
  const scope: Scope = effective === 'province' ? { province } : effective === 'region' && current ? { region: current.regionCode } : {};
  const scopeName = effective === 'province' ? (current?.name ?? province!) : effective === 'region' ? t('views.regionScope') : t('views.national');
  return (
    <div className="mt-5">
      <h2 className="h3">{t('views.title')}</h2>
      <form className="row g-2 align-items-end mb-3" onSubmit={(e) => e.preventDefault()}>
        <div className="col-md-5">
          <label htmlFor="da-views-province" className="form-label">
            {t('views.pickProvince')}
          </label>
          <select id="da-views-province" className="form-select" value={province ?? ''} onChange={(e) => onProvince(e.target.value || undefined)}>
            <option value="">{t('views.noProvince')}</option>
            {[...provinces]
              .sort((a, b) => a.name.localeCompare(b.name, 'it'))
              .map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
          </select>
        </div>
        {current && (
          <div className="col-auto">
            <label htmlFor="da-views-level" className="form-label">
              {t('views.territory')}
            </label>
            <select id="da-views-level" className="form-select" value={level} onChange={(e) => setLevel(e.target.value as typeof level)}>
              <option value="province">{t('views.provinceScope')}</option>
              <option value="region">{t('views.regionScope')}</option>
              <option value="national">{t('views.national')}</option>
            </select>
          </div>
        )}
      </form>
      <RegionMap code={code} name={name} period={period} isBool={isBool} format={format} />
      <BoxPlotChart code={code} name={name} period={period} scope={scope} format={format} />
      {polarity === 'context' ? (
        <p>{t('views.contextNote')}</p>
      ) : (
        <>
          {current ? (
            <ProvinceRanking key={`${code}-${period}-${current.code}`} code={code} name={name} period={period} province={current.code} provinceName={current.name} format={format} />
          ) : (
            <p>{t('views.ranking.choose')}</p>
          )}
          <BestImprovers key={`${code}-${period}`} code={code} name={name} period={period} scope={scope} scopeName={scopeName} format={format} />
        </>
      )}
      <HeatMapChart period={period} data={heat.data} error={heat.isError ? heat.error : null} pending={heat.isPending} highlight={province} />
    </div>
  );
}
