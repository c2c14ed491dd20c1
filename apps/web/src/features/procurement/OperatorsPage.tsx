import { OperatorInputSchema, type OperatorInput } from '@app/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { ApiErrorAlert, SuccessAlert } from '../../components/ApiErrorAlert';
import { SelectField, TextField } from '../../components/forms/fields';
import { Loading } from '../../components/Loading';
import { PagedTable } from '../../components/PagedTable';
import { useDebounced } from '../../lib/use-debounced';
import { usePageTitle } from '../../lib/use-page-title';
import { RequireLogin, focusById } from '../network/components';
import { pk, procurementApi } from './api';
import { IssueSummary, ProcurementNav, useProcurementAccess } from './components';
import { checkBody, conflictOf, serverIssues, textOrNull, type Issues } from './forms';
import { useProcurementTranslation } from './i18n';

const PAGE_SIZE = 25;
const CLASSIFICHE = ['I', 'II', 'III', 'IIIbis', 'IV', 'IVbis', 'V', 'VI', 'VII', 'VIII'] as const;

interface OperatorFormValues {
  name: string;
  taxCode: string;
  vatNumber: string;
  legalForm: string;
  address: string;
  pec: string;
  employees: string;
  soa: { category: string; classifica: string; validUntil: string }[];
}

export function toOperatorBody(v: OperatorFormValues): Record<string, unknown> {
  const employees = v.employees.trim();
  return {
    name: v.name.trim(),
    taxCode: v.taxCode.trim().toUpperCase(),
    vatNumber: textOrNull(v.vatNumber),
    legalForm: textOrNull(v.legalForm),
    address: textOrNull(v.address),
    pec: textOrNull(v.pec),
    employees: employees === '' ? null : /^\d+$/.test(employees) ? Number(employees) : Number.NaN,
    soa: v.soa.map((s) => ({ category: s.category.trim().toUpperCase(), classifica: s.classifica || undefined, validUntil: s.validUntil || undefined })),
  };
}

const EMPTY: OperatorFormValues = { name: '', taxCode: '', vatNumber: '', legalForm: '', address: '', pec: '', employees: '', soa: [] };

function OperatorForm({ onCreated }: { onCreated: (name: string) => void }) {
  const { t } = useProcurementTranslation();
  const qc = useQueryClient();
  const [clientIssues, setClientIssues] = useState<Issues>({});
  const { register, handleSubmit, control, reset } = useForm<OperatorFormValues>({ defaultValues: EMPTY });
  const soa = useFieldArray({ control, name: 'soa' });
  const create = useMutation({
    mutationFn: (body: OperatorInput) => procurementApi.createOperator(body),
    onSuccess: (o) => {
      reset(EMPTY);
      void qc.invalidateQueries({ queryKey: ['procurement', 'operators'] });
      onCreated(o.name);
    },
  });
  const issues: Issues = Object.keys(clientIssues).length ? clientIssues : serverIssues(create.error);
  useEffect(() => {
    if (create.error && Object.keys(serverIssues(create.error)).length) focusById('issue-summary-title');
  }, [create.error]);
  const err = (path: string) => issues[path];
  const exists = conflictOf(create.error)?.code === 'operator_exists';
  const fields: Array<[string, string, string]> = [
    ['name', 'op-name', t('operators.name')],
    ['taxCode', 'op-tax-code', t('operators.tax_code')],
    ['vatNumber', 'op-vat', t('operators.vat_number')],
    ['legalForm', 'op-legal-form', t('operators.legal_form')],
    ['address', 'op-address', t('operators.address')],
    ['pec', 'op-pec', t('operators.pec')],
    ['employees', 'op-employees', t('operators.employees')],
    ...soa.fields.flatMap((f, i): Array<[string, string, string]> => [
      [`soa.${i}.category`, `op-soa-${i}-category`, t('operators.soa_category_n', { n: i + 1 })],
      [`soa.${i}.classifica`, `op-soa-${i}-classifica`, t('operators.soa_classifica_n', { n: i + 1 })],
      [`soa.${i}.validUntil`, `op-soa-${i}-valid`, t('operators.soa_valid_n', { n: i + 1 })],
    ]),
  ];
  return (
    <form
      noValidate
      className="pc-panel mb-4"
      aria-labelledby="operator-new-title"
      onSubmit={handleSubmit((v) => {
        const checked = checkBody(OperatorInputSchema, toOperatorBody(v));
        if (!checked.ok) {
          create.reset();
          setClientIssues(checked.issues);
          focusById('issue-summary-title');
          return;
        }
        setClientIssues({});
        create.mutate(checked.data);
      })}
    >
      <h2 id="operator-new-title" className="h4">
        {t('operators.new_title')}
      </h2>
      <IssueSummary issues={issues} fields={fields} />
      {exists ? (
        <div className="alert alert-danger" role="alert">
          <p className="mb-0">{t('errors.operator_exists')}</p>
        </div>
      ) : (
        Object.keys(issues).length === 0 && <ApiErrorAlert error={create.error} />
      )}
      <div className="row">
        <TextField id="op-name" className="col-md-6" label={t('operators.name')} error={err('name')} registration={register('name')} maxLength={300} />
        <TextField id="op-tax-code" className="col-md-3" label={t('operators.tax_code')} hint={t('operators.tax_code_hint')} error={err('taxCode')} registration={register('taxCode')} maxLength={16} />
        <TextField id="op-vat" className="col-md-3" label={t('operators.vat_number')} hint={t('operators.vat_hint')} error={err('vatNumber')} registration={register('vatNumber')} inputMode="numeric" maxLength={11} />
        <TextField id="op-legal-form" className="col-md-4" label={t('operators.legal_form')} error={err('legalForm')} registration={register('legalForm')} />
        <TextField id="op-address" className="col-md-8" label={t('operators.address')} error={err('address')} registration={register('address')} />
        <TextField id="op-pec" type="email" className="col-md-6" label={t('operators.pec')} error={err('pec')} registration={register('pec')} />
        <TextField id="op-employees" className="col-md-3" label={t('operators.employees')} error={err('employees')} registration={register('employees')} inputMode="numeric" />
      </div>
      <fieldset className="pc-proc-fieldset">
        <legend>{t('operators.soa')}</legend>
        {soa.fields.length === 0 && <p className="small">{t('operators.soa_none')}</p>}
        {soa.fields.map((f, i) => (
          <div key={f.id} className="row align-items-end">
            <TextField id={`op-soa-${i}-category`} className="col-md-3" label={t('operators.soa_category_n', { n: i + 1 })} hint={t('operators.soa_category_hint')} error={err(`soa.${i}.category`)} registration={register(`soa.${i}.category`)} />
            <SelectField id={`op-soa-${i}-classifica`} className="col-md-3" label={t('operators.soa_classifica_n', { n: i + 1 })} error={err(`soa.${i}.classifica`)} registration={register(`soa.${i}.classifica`)}>
              <option value="">{t('common.choose')}</option>
              {CLASSIFICHE.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </SelectField>
            <TextField id={`op-soa-${i}-valid`} type="date" className="col-md-3" label={t('operators.soa_valid_n', { n: i + 1 })} error={err(`soa.${i}.validUntil`)} registration={register(`soa.${i}.validUntil`)} />
            <div className="col-md-3 mb-4">
              <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => soa.remove(i)}>
                {t('operators.soa_remove', { n: i + 1 })}
              </button>
            </div>
          </div>
        ))}
        <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => soa.append({ category: '', classifica: '', validUntil: '' })}>
          {t('operators.soa_add')}
        </button>
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={create.isPending}>
        {t('operators.create')}
      </button>
    </form>
  );
}

function OperatorsList() {
  const { t } = useProcurementTranslation();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const dq = useDebounced(q.trim(), 300);
  const query = useQuery({
    queryKey: pk.operators(dq, page),
    queryFn: ({ signal }) => procurementApi.operators(dq || undefined, page, PAGE_SIZE, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="operators-list-title" className="mb-4">
      <h2 id="operators-list-title" className="h4">
        {t('operators.list_title')}
      </h2>
      <form role="search" aria-label={t('operators.search')} className="row" onSubmit={(e) => e.preventDefault()}>
        <TextField
          id="operators-q"
          type="search"
          className="col-md-6"
          label={t('operators.search')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
        />
      </form>
      <PagedTable
        query={query}
        caption={t('operators.caption')}
        emptyText={t('operators.empty')}
        columns={[{ label: t('operators.name') }, { label: t('operators.tax_code') }, { label: t('operators.vat_number') }, { label: t('operators.pec') }, { label: t('operators.soa') }]}
        rowKey={(o) => o.id}
        renderCells={(o) => (
          <>
            <th scope="row" className="fw-normal">
              {o.name}
              {o.legalForm && <span className="d-block small">{o.legalForm}</span>}
            </th>
            <td>{o.taxCode}</td>
            <td>{o.vatNumber ?? ''}</td>
            <td className="pc-break">{o.pec ?? ''}</td>
            <td>{o.soa.map((s) => `${s.category} ${s.classifica}`).join(', ')}</td>
          </>
        )}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={setPage}
      />
    </section>
  );
}

/** `/appalti/operatori`: the SUA's registry of economic operators. */
export function OperatorsPage() {
  const { t } = useProcurementTranslation();
  const access = useProcurementAccess();
  const [created, setCreated] = useState<string | null>(null);
  usePageTitle(t('operators.title'));
  return (
    <RequireLogin>
      <div className="container my-4">
        <h1>{t('operators.title')}</h1>
        <ProcurementNav />
        {access.isLoading ? (
          <Loading />
        ) : !access.isSua ? (
          <p role="status">{t('operators.not_allowed')}</p>
        ) : (
          <>
            {created && <SuccessAlert>{t('operators.created', { name: created })}</SuccessAlert>}
            <OperatorForm onCreated={setCreated} />
            <OperatorsList />
          </>
        )}
      </div>
    </RequireLogin>
  );
}
