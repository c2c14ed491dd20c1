import { CostCategories, FundingSources, PartnerRoles, type CostCategory, type FundingSource, type PartnerInput } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { CheckboxField, SelectField, TextField } from '../../components/forms/fields';
import { useDebounced } from '../../lib/use-debounced';
import { TextAreaField } from '../network/components';
import { euApi, type ProjectDetail } from './api';
import { formatEuro } from './components';
import { useEuFundingTranslation } from './i18n';

/** One amount line of a money plan: a key (cost category, funding source) and the amount as typed. */
export interface AmountLine<K extends string> {
  key: K;
  amount: string;
}

/** Sum of the typed amounts in cents (exact: no floating-point drift on two decimals). */
export function sumCents(lines: readonly { amount: string }[]): number {
  return lines.reduce((s, l) => s + (l.amount.trim() === '' || Number.isNaN(Number(l.amount)) ? 0 : Math.round(Number(l.amount) * 100)), 0);
}

/** The rows of one money plan (budget by cost category, co-financing by source): one component for both. */
function AmountLines<K extends string>({
  idPrefix,
  legend,
  keyLabel,
  keys,
  keyName,
  lines,
  onChange,
  addLabel,
  newKey,
  totalLabel,
}: {
  idPrefix: string;
  legend: string;
  keyLabel: string;
  keys: readonly K[];
  keyName: (k: K) => string;
  lines: AmountLine<K>[];
  onChange: (lines: AmountLine<K>[]) => void;
  addLabel: string;
  newKey: K;
  totalLabel: string;
}) {
  const { t } = useEuFundingTranslation();
  const set = (i: number, patch: Partial<AmountLine<K>>) => onChange(lines.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <fieldset className="mt-3">
      <legend className="h5">{legend}</legend>
      {lines.map((l, i) => (
        <div className="row g-2 align-items-start" key={i}>
          <SelectField id={`${idPrefix}-${i}-key`} label={keyLabel} className="col-md-5" value={l.key} onChange={(e) => set(i, { key: e.target.value as K })}>
            {keys.map((k) => (
              <option key={k} value={k}>
                {keyName(k)}
              </option>
            ))}
          </SelectField>
          <TextField id={`${idPrefix}-${i}-amount`} type="number" step="0.01" min="0" label={t('new_project.amount')} className="col-md-5" value={l.amount} onChange={(e) => set(i, { amount: e.target.value })} />
          {lines.length > 1 && (
            <div className="col-md-2">
              <button type="button" className="btn btn-link btn-sm mt-4" onClick={() => onChange(lines.filter((_, j) => j !== i))}>
                {t('edit_project.remove_line', { n: i + 1 })}
              </button>
            </div>
          )}
        </div>
      ))}
      <p className="small mb-1" data-testid={`${idPrefix}-total`}>
        {totalLabel}
      </p>
      <button type="button" className="btn btn-link" onClick={() => onChange([...lines, { key: newKey, amount: '' }])}>
        {addLabel}
      </button>
    </fieldset>
  );
}

/** What the project form gives back: the fields of the create and update contracts. */
export interface ProjectFormValues {
  leadEnteId: string;
  title: string;
  description: string | null;
  programme: string | null;
  partners: PartnerInput[];
  budget: { category: CostCategory; amount: number }[];
  cofinancing: { source: FundingSource; amount: number }[];
  supportedBySape: boolean;
}

interface Partner {
  enteId: string | null;
  name: string;
  role: PartnerInput['role'];
  pic: string | null;
  country: string | null;
}

/**
 * The project form, for a new project and for editing one: title and data, partner Comuni of the network and
 * external partners, budget by cost category and co-financing by source (their sums shown and compared as typed;
 * the server checks them again).
 */
export function ProjectForm({
  initial,
  leadChoices,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: ProjectDetail;
  /** The entes the caller may create for (new projects only). */
  leadChoices?: { enteId: string; enteName: string }[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (v: ProjectFormValues) => void;
  onCancel?: () => void;
}) {
  const { t } = useEuFundingTranslation();
  const [lead, setLead] = useState(initial?.leadEnte.id ?? '');
  const leadId = lead || leadChoices?.[0]?.enteId || '';
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [programme, setProgramme] = useState(initial?.programme ?? '');
  const [supported, setSupported] = useState(initial?.supportedBySape ?? false);
  const [partners, setPartners] = useState<Partner[]>(initial?.partners.map((p) => ({ ...p, role: p.role as Partner['role'] })) ?? []);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const found = useQuery({ queryKey: ['enti', 'comuni', q], queryFn: () => euApi.comuni(q), enabled: q.length >= 2 });
  const [ext, setExt] = useState({ name: '', country: '', pic: '', role: 'partner' as Partner['role'] });
  const [budget, setBudget] = useState<AmountLine<CostCategory>[]>(
    initial && initial.budgetLines.length > 0 ? initial.budgetLines.map((l) => ({ key: l.category as CostCategory, amount: String(l.amount) })) : [{ key: 'lavori', amount: '' }],
  );
  const [cofin, setCofin] = useState<AmountLine<FundingSource>[]>(
    initial && initial.cofinancing.length > 0 ? initial.cofinancing.map((l) => ({ key: l.source as FundingSource, amount: String(l.amount) })) : [{ key: 'ue', amount: '' }],
  );
  const budgetCents = sumCents(budget);
  const cofinCents = sumCents(cofin);
  const network = partners.filter((p) => p.enteId);
  const external = partners.filter((p) => !p.enteId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({
      leadEnteId: leadId,
      title,
      description: description.trim() || null,
      programme: programme.trim() || null,
      partners: partners.map((p) => (p.enteId ? { enteId: p.enteId, role: p.role } : { name: p.name, role: p.role, pic: p.pic, country: p.country })) as PartnerInput[],
      budget: budget.filter((l) => l.amount).map((l) => ({ category: l.key, amount: Number(l.amount) })),
      cofinancing: cofin.filter((l) => l.amount).map((l) => ({ source: l.key, amount: Number(l.amount) })),
      supportedBySape: supported,
    });
  };
  const idp = initial ? 'edit' : 'project';
  return (
    <form onSubmit={submit} noValidate>
      <div className="row g-3">
        {!initial && leadChoices && leadChoices.length > 1 && (
          <SelectField id="project-lead" label={t('new_project.lead')} className="col-md-6" value={leadId} onChange={(e) => setLead(e.target.value)}>
            {leadChoices.map((m) => (
              <option key={m.enteId} value={m.enteId}>
                {m.enteName}
              </option>
            ))}
          </SelectField>
        )}
        <TextField id={`${idp}-title`} label={t('new_project.title')} className="col-12" value={title} onChange={(e) => setTitle(e.target.value)} required />
        {initial && (
          <>
            <div className="col-12">
              <TextAreaField id={`${idp}-description`} label={t('edit_project.description')} rows={3} registration={{ value: description, onChange: (e: { target: { value: string } }) => setDescription(e.target.value) }} />
            </div>
            <TextField id={`${idp}-programme`} label={t('edit_project.programme')} className="col-md-6" value={programme} onChange={(e) => setProgramme(e.target.value)} />
            <div className="col-md-6">
              <CheckboxField id={`${idp}-supported`} label={t('edit_project.supported')} checked={supported} onChange={(e) => setSupported(e.target.checked)} />
            </div>
          </>
        )}
      </div>
      <fieldset className="mt-3">
        <legend className="h5">{t('new_project.partners')}</legend>
        <ul>
          {network.map((p) => (
            <li key={p.enteId}>
              {p.name}{' '}
              <button type="button" className="btn btn-link btn-sm" onClick={() => setPartners(partners.filter((x) => x !== p))}>
                {t('new_project.remove', { name: p.name })}
              </button>
            </li>
          ))}
        </ul>
        <TextField id={`${idp}-partner-search`} type="search" label={t('new_project.partner_search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        {found.data && (
          <ul className="list-unstyled">
            {found.data.items
              .filter((x) => x.id !== leadId && !partners.some((p) => p.enteId === x.id))
              .map((x) => (
                <li key={x.id}>
                  <button type="button" className="btn btn-outline-primary btn-sm my-1" onClick={() => setPartners([...partners, { enteId: x.id, name: x.name, role: 'partner', pic: null, country: 'IT' }])}>
                    {t('new_project.add', { name: x.name })}
                  </button>
                </li>
              ))}
          </ul>
        )}
      </fieldset>
      {initial && (
        <fieldset className="mt-3">
          <legend className="h5">{t('edit_project.external_partners')}</legend>
          <ul>
            {external.map((p, i) => (
              <li key={`${p.name}-${i}`}>
                {p.name}
                {p.country && ` (${p.country})`} — {t(`edit_project.roles.${p.role}`)}{' '}
                <button type="button" className="btn btn-link btn-sm" onClick={() => setPartners(partners.filter((x) => x !== p))}>
                  {t('new_project.remove', { name: p.name })}
                </button>
              </li>
            ))}
          </ul>
          <div className="row g-2">
            <TextField id={`${idp}-ext-name`} label={t('edit_project.external_name')} className="col-md-4" value={ext.name} onChange={(e) => setExt({ ...ext, name: e.target.value })} />
            <TextField id={`${idp}-ext-country`} label={t('edit_project.external_country')} className="col-md-2" maxLength={2} value={ext.country} onChange={(e) => setExt({ ...ext, country: e.target.value.toUpperCase() })} />
            <TextField id={`${idp}-ext-pic`} label={t('edit_project.external_pic')} className="col-md-3" value={ext.pic} onChange={(e) => setExt({ ...ext, pic: e.target.value })} />
            <SelectField id={`${idp}-ext-role`} label={t('edit_project.role')} className="col-md-3" value={ext.role} onChange={(e) => setExt({ ...ext, role: e.target.value as Partner['role'] })}>
              {PartnerRoles.map((r) => (
                <option key={r} value={r}>
                  {t(`edit_project.roles.${r}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <button
            type="button"
            className="btn btn-outline-primary btn-sm"
            disabled={ext.name.trim().length < 2}
            onClick={() => {
              setPartners([...partners, { enteId: null, name: ext.name.trim(), role: ext.role, pic: ext.pic.trim() || null, country: ext.country.trim() || null }]);
              setExt({ name: '', country: '', pic: '', role: 'partner' });
            }}
          >
            {t('edit_project.add_external')}
          </button>
        </fieldset>
      )}
      <AmountLines
        idPrefix={initial ? 'edit-budget' : 'budget'}
        legend={t('new_project.budget')}
        keyLabel={t('new_project.category')}
        keys={CostCategories}
        keyName={(k) => t(`categories.${k}`)}
        lines={budget}
        onChange={setBudget}
        addLabel={t('new_project.add_line')}
        newKey="servizi"
        totalLabel={t('edit_project.sum_budget', { total: formatEuro(budgetCents / 100) })}
      />
      <AmountLines
        idPrefix={initial ? 'edit-cofin' : 'cofin'}
        legend={t('new_project.cofinancing')}
        keyLabel={t('new_project.source')}
        keys={FundingSources}
        keyName={(k) => t(`sources.${k}`)}
        lines={cofin}
        onChange={setCofin}
        addLabel={t('new_project.add_source')}
        newKey="comune"
        totalLabel={t('edit_project.sum_cofinancing', { total: formatEuro(cofinCents / 100) })}
      />
      {budgetCents > 0 && cofinCents > 0 && budgetCents !== cofinCents && (
        <p className="text-danger" role="status">
          {t('edit_project.sums_differ', { cofin: formatEuro(cofinCents / 100), budget: formatEuro(budgetCents / 100) })}
        </p>
      )}
      {error ? <ApiErrorAlert error={error} /> : null}
      <div className="d-flex gap-3 mt-3">
        <button type="submit" className="btn btn-primary" disabled={pending || !leadId}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-outline-primary" onClick={onCancel}>
            {t('edit_project.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
