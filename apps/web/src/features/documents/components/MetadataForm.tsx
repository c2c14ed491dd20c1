import { SoggettoRuoli, type AgidMetadataInput } from '@app/contracts';
import { useState } from 'react';
import { useFieldArray, useForm, type Path } from 'react-hook-form';
import { ApiErrorAlert, SuccessAlert } from '../../../components/ApiErrorAlert';
import { CheckboxField, SelectField, TextField } from '../../../components/forms/fields';
import { validationIssues } from '../../../lib/api-client';
import { translateFieldError } from '../../../lib/validation';
import type { AgidMetadata } from '../api';
import { useDocumentsTranslation } from '../i18n';

const SOGGETTO_TIPI = ['PF', 'PG', 'PAI', 'PAE', 'AS', 'SW'] as const;
const REGISTRI = ['Nessuno', 'Protocollo Ordinario', 'Protocollo Emergenza', 'Repertorio/Registro'] as const;

interface SoggettoValues {
  ruolo: string;
  tipo: string;
  denominazione: string;
  nome: string;
  cognome: string;
  codiceFiscale: string;
}

export interface MetadataValues {
  modalita: string;
  tipologia: string;
  flusso: string;
  registro: string;
  regData: string;
  regNumero: string;
  regCodice: string;
  oggetto: string;
  parole: string;
  classIndice: string;
  classDescrizione: string;
  riservato: boolean;
  firmato: boolean;
  sigillato: boolean;
  marcatura: boolean;
  conformita: boolean;
  tempo: string;
  note: string;
  soggetti: SoggettoValues[];
}

type FieldName = Exclude<keyof MetadataValues, 'soggetti'>;

/** Server path of a field (after `body.`) → the form field that shows its error. */
const SERVER_FIELDS: Record<string, FieldName> = {
  modalitaDiFormazione: 'modalita',
  tipologiaDocumentale: 'tipologia',
  datiDiRegistrazione: 'flusso',
  'datiDiRegistrazione.tipologiaDiFlusso': 'flusso',
  'datiDiRegistrazione.tipoRegistro': 'registro',
  'datiDiRegistrazione.data': 'regData',
  'datiDiRegistrazione.numero': 'regNumero',
  'datiDiRegistrazione.codiceRegistro': 'regCodice',
  chiaveDescrittiva: 'oggetto',
  'chiaveDescrittiva.oggetto': 'oggetto',
  'chiaveDescrittiva.paroleChiave': 'parole',
  classificazione: 'classIndice',
  'classificazione.indice': 'classIndice',
  'classificazione.descrizione': 'classDescrizione',
  riservato: 'riservato',
  verifica: 'firmato',
  tempoDiConservazione: 'tempo',
  note: 'note',
};

/** The form field (or repeated subject field) of a server error path; undefined when none fits. */
export function formFieldOf(path: string): string | undefined {
  const clean = path.replace(/^(body|metadata)\./, '');
  const soggetto = /^soggetti\.(\d+)\.(ruolo|tipo|denominazione|nome|cognome|codiceFiscale)/.exec(clean);
  if (soggetto) return `soggetti.${soggetto[1]}.${soggetto[2]}`;
  if (SERVER_FIELDS[clean]) return SERVER_FIELDS[clean];
  const parole = /^chiaveDescrittiva\.paroleChiave\.\d+$/.test(clean);
  if (parole) return 'parole';
  const parent = clean.split('.').slice(0, -1).join('.');
  return parent && SERVER_FIELDS[parent] ? SERVER_FIELDS[parent] : undefined;
}

export function valuesOf(m: AgidMetadataInput): MetadataValues {
  const r = m.datiDiRegistrazione;
  return {
    modalita: m.modalitaDiFormazione ?? '',
    tipologia: m.tipologiaDocumentale ?? '',
    flusso: r?.tipologiaDiFlusso ?? '',
    registro: r?.tipoRegistro ?? 'Nessuno',
    regData: r?.data ?? '',
    regNumero: r?.numero ?? '',
    regCodice: r?.codiceRegistro ?? '',
    oggetto: m.chiaveDescrittiva?.oggetto ?? '',
    parole: (m.chiaveDescrittiva?.paroleChiave ?? []).join(', '),
    classIndice: m.classificazione?.indice ?? '',
    classDescrizione: m.classificazione?.descrizione ?? '',
    riservato: m.riservato ?? false,
    firmato: m.verifica?.firmatoDigitalmente ?? false,
    sigillato: m.verifica?.sigillatoElettronicamente ?? false,
    marcatura: m.verifica?.marcaturaTemporale ?? false,
    conformita: m.verifica?.conformitaCopie ?? false,
    tempo: m.tempoDiConservazione === undefined ? '' : String(m.tempoDiConservazione),
    note: m.note ?? '',
    soggetti: (m.soggetti ?? []).map((s) => ({
      ruolo: s.ruolo,
      tipo: s.tipo,
      denominazione: s.denominazione ?? '',
      nome: s.nome ?? '',
      cognome: s.cognome ?? '',
      codiceFiscale: s.codiceFiscale ?? '',
    })),
  };
}

const opt = (v: string) => (v.trim() ? v.trim() : undefined);

/** The AgID input from the form: empty fields are left out, so the server checks only what was filled. */
export function inputOf(v: MetadataValues): AgidMetadataInput {
  const out: Record<string, unknown> = {};
  if (v.modalita) out['modalitaDiFormazione'] = v.modalita;
  if (opt(v.tipologia)) out['tipologiaDocumentale'] = opt(v.tipologia);
  if (v.flusso) {
    out['datiDiRegistrazione'] = {
      tipologiaDiFlusso: v.flusso,
      tipoRegistro: v.registro || 'Nessuno',
      data: v.regData,
      ...(opt(v.regNumero) ? { numero: opt(v.regNumero) } : {}),
      ...(opt(v.regCodice) ? { codiceRegistro: opt(v.regCodice) } : {}),
    };
  }
  const parole = v.parole
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (opt(v.oggetto) || parole.length) out['chiaveDescrittiva'] = { oggetto: v.oggetto.trim(), paroleChiave: parole };
  if (opt(v.classIndice) || opt(v.classDescrizione)) {
    out['classificazione'] = { indice: v.classIndice.trim(), descrizione: v.classDescrizione.trim() };
  }
  out['riservato'] = v.riservato;
  if (v.firmato || v.sigillato || v.marcatura || v.conformita) {
    out['verifica'] = {
      firmatoDigitalmente: v.firmato,
      sigillatoElettronicamente: v.sigillato,
      marcaturaTemporale: v.marcatura,
      conformitaCopie: v.conformita,
    };
  }
  const tempo = v.tempo.trim();
  if (tempo) out['tempoDiConservazione'] = /^\d+$/.test(tempo) ? Number(tempo) : tempo;
  if (opt(v.note)) out['note'] = v.note;
  if (v.soggetti.length) {
    out['soggetti'] = v.soggetti.map((s) => ({
      ruolo: s.ruolo,
      tipo: s.tipo,
      ...(opt(s.denominazione) ? { denominazione: opt(s.denominazione) } : {}),
      ...(opt(s.nome) ? { nome: opt(s.nome) } : {}),
      ...(opt(s.cognome) ? { cognome: opt(s.cognome) } : {}),
      ...(opt(s.codiceFiscale) ? { codiceFiscale: opt(s.codiceFiscale) } : {}),
    }));
  }
  return out as AgidMetadataInput;
}

interface MetadataFormProps {
  metadata: AgidMetadata;
  onSave: (input: AgidMetadataInput) => Promise<{ version: number; newVersion: boolean }>;
}

/** The AgID metadata the user fills, with the part the platform computes shown read-only. */
export function MetadataForm({ metadata, onSave }: MetadataFormProps) {
  const { t } = useDocumentsTranslation();
  const [saved, setSaved] = useState<{ version: number; newVersion: boolean } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<MetadataValues>({ defaultValues: valuesOf(metadata) });
  const soggetti = useFieldArray({ control, name: 'soggetti' });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    setFailure(null);
    try {
      setSaved(await onSave(inputOf(values)));
    } catch (err) {
      const issues = validationIssues(err);
      let mapped = 0;
      for (const issue of issues) {
        const field = formFieldOf(issue.path);
        if (field) {
          setError(
            field as Path<MetadataValues>,
            { type: 'server', message: issue.message },
            { shouldFocus: mapped === 0 },
          );
          mapped += 1;
        }
      }
      if (mapped === 0 || mapped < issues.length) setFailure(err);
    }
  });

  const err = (name: FieldName) => errors[name]?.message;
  const computed: Array<[string, string]> = [
    [t('metadata.identificativo'), metadata.idDoc?.identificativo ?? ''],
    [t('metadata.impronta'), metadata.idDoc?.impronta ?? ''],
    [t('metadata.formato'), metadata.formato?.mimeType ?? ''],
    [t('metadata.versione'), metadata.versioneDelDocumento ? String(metadata.versioneDelDocumento) : ''],
    [t('metadata.autore'), metadata.autore?.denominazione ?? '—'],
  ];
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="metadata-title">
      <h2 id="metadata-title" className="h4">
        {t('metadata.heading')}
      </h2>
      <p>{t('metadata.intro')}</p>
      {hasErrors && (
        <div className="alert alert-danger" role="alert">
          {t('metadata.errors_title')}
        </div>
      )}
      <ApiErrorAlert error={failure} />
      {saved && (
        <SuccessAlert>
          {saved.newVersion
            ? t('metadata.saved_new', { version: saved.version })
            : t('metadata.saved', { version: saved.version })}
        </SuccessAlert>
      )}

      <h3 className="h5">{t('metadata.computed')}</h3>
      <dl className="row pc-computed" data-testid="metadata-computed">
        {computed.map(([label, value]) => (
          <div key={label} className="col-12 d-sm-flex">
            <dt className="me-2">{label}</dt>
            <dd className="pc-break mb-1">{value}</dd>
          </div>
        ))}
      </dl>

      <SelectField
        id="md-modalita"
        label={t('metadata.modalita')}
        registration={register('modalita')}
        error={err('modalita')}
      >
        <option value="">{t('metadata.modalita_none')}</option>
        {(['a', 'b', 'c', 'd'] as const).map((m) => (
          <option key={m} value={m}>
            {t(`metadata.modalita_${m}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        id="md-tipologia"
        label={t('metadata.tipologia')}
        registration={register('tipologia')}
        error={err('tipologia')}
      />

      <fieldset className="mb-4">
        <legend className="h6">{t('metadata.registrazione')}</legend>
        <div className="row">
          <div className="col-md-6">
            <SelectField
              id="md-flusso"
              label={t('metadata.flusso')}
              registration={register('flusso')}
              error={err('flusso')}
            >
              <option value="">{t('metadata.flusso_none')}</option>
              {(['E', 'U', 'I'] as const).map((f) => (
                <option key={f} value={f}>
                  {t(`metadata.flusso_${f}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-6">
            <SelectField
              id="md-registro"
              label={t('metadata.registro')}
              registration={register('registro')}
              error={err('registro')}
            >
              {REGISTRI.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-4">
            <TextField
              id="md-reg-data"
              type="date"
              label={t('metadata.reg_data')}
              registration={register('regData')}
              error={err('regData')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="md-reg-numero"
              label={t('metadata.reg_numero')}
              registration={register('regNumero')}
              error={err('regNumero')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="md-reg-codice"
              label={t('metadata.reg_codice')}
              registration={register('regCodice')}
              error={err('regCodice')}
            />
          </div>
        </div>
      </fieldset>

      <fieldset className="mb-4">
        <legend className="h6">{t('metadata.chiave')}</legend>
        <TextField
          id="md-oggetto"
          label={t('metadata.oggetto')}
          registration={register('oggetto')}
          error={err('oggetto')}
        />
        <TextField
          id="md-parole"
          label={t('metadata.parole')}
          hint={t('metadata.parole_hint')}
          registration={register('parole')}
          error={err('parole')}
        />
      </fieldset>

      <fieldset className="mb-4">
        <legend className="h6">{t('metadata.classificazione')}</legend>
        <div className="row">
          <div className="col-md-4">
            <TextField
              id="md-class-indice"
              label={t('metadata.class_indice')}
              registration={register('classIndice')}
              error={err('classIndice')}
            />
          </div>
          <div className="col-md-8">
            <TextField
              id="md-class-descrizione"
              label={t('metadata.class_descrizione')}
              registration={register('classDescrizione')}
              error={err('classDescrizione')}
            />
          </div>
        </div>
      </fieldset>

      <CheckboxField id="md-riservato" label={t('metadata.riservato')} {...register('riservato')} />

      <fieldset className="mb-4">
        <legend className="h6">{t('metadata.verifica')}</legend>
        <CheckboxField id="md-firmato" className="mb-1" label={t('metadata.firmato')} {...register('firmato')} />
        <CheckboxField id="md-sigillato" className="mb-1" label={t('metadata.sigillato')} {...register('sigillato')} />
        <CheckboxField id="md-marcatura" className="mb-1" label={t('metadata.marcatura')} {...register('marcatura')} />
        <CheckboxField
          id="md-conformita"
          className="mb-1"
          label={t('metadata.conformita')}
          {...register('conformita')}
        />
        {errors.firmato?.message && <p className="pc-field-error">{translateFieldError(t, errors.firmato.message)}</p>}
      </fieldset>

      <TextField
        id="md-tempo"
        label={t('metadata.tempo')}
        hint={t('metadata.tempo_hint')}
        registration={register('tempo')}
        error={err('tempo')}
      />

      <fieldset className="mb-4">
        <legend className="h6">{t('metadata.soggetti')}</legend>
        {soggetti.fields.map((field, i) => {
          const se = errors.soggetti?.[i];
          return (
            <fieldset key={field.id} className="border rounded p-3 mb-3">
              <legend className="h6 float-none w-auto px-1">{t('metadata.soggetto_n', { n: i + 1 })}</legend>
              <div className="row">
                <div className="col-md-6">
                  <SelectField
                    id={`md-sogg-${i}-ruolo`}
                    label={t('metadata.ruolo')}
                    registration={register(`soggetti.${i}.ruolo`)}
                    error={se?.ruolo?.message}
                  >
                    {SoggettoRuoli.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </SelectField>
                </div>
                <div className="col-md-6">
                  <SelectField
                    id={`md-sogg-${i}-tipo`}
                    label={t('metadata.tipo')}
                    registration={register(`soggetti.${i}.tipo`)}
                    error={se?.tipo?.message}
                  >
                    {SOGGETTO_TIPI.map((x) => (
                      <option key={x} value={x}>
                        {x}
                      </option>
                    ))}
                  </SelectField>
                </div>
                <div className="col-md-6">
                  <TextField
                    id={`md-sogg-${i}-denominazione`}
                    label={t('metadata.denominazione')}
                    registration={register(`soggetti.${i}.denominazione`)}
                    error={se?.denominazione?.message}
                  />
                </div>
                <div className="col-md-6">
                  <TextField
                    id={`md-sogg-${i}-cf`}
                    label={t('metadata.codice_fiscale')}
                    registration={register(`soggetti.${i}.codiceFiscale`)}
                    error={se?.codiceFiscale?.message}
                  />
                </div>
                <div className="col-md-6">
                  <TextField
                    id={`md-sogg-${i}-nome`}
                    label={t('metadata.nome')}
                    registration={register(`soggetti.${i}.nome`)}
                    error={se?.nome?.message}
                  />
                </div>
                <div className="col-md-6">
                  <TextField
                    id={`md-sogg-${i}-cognome`}
                    label={t('metadata.cognome')}
                    registration={register(`soggetti.${i}.cognome`)}
                    error={se?.cognome?.message}
                  />
                </div>
              </div>
              <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => soggetti.remove(i)}>
                {t('metadata.remove_soggetto', { n: i + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button
          type="button"
          className="btn btn-outline-primary btn-sm"
          onClick={() =>
            soggetti.append({
              ruolo: 'Autore',
              tipo: 'PF',
              denominazione: '',
              nome: '',
              cognome: '',
              codiceFiscale: '',
            })
          }
        >
          {t('metadata.add_soggetto')}
        </button>
      </fieldset>

      <div className="mb-4 pc-field">
        <label htmlFor="md-note" className="form-label pc-label">
          {t('metadata.note')}
        </label>
        <textarea
          id="md-note"
          className="form-control pc-input"
          rows={3}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={errors.note ? 'md-note-error' : undefined}
          {...register('note')}
        />
        {errors.note?.message && (
          <p id="md-note-error" className="pc-field-error">
            {translateFieldError(t, errors.note.message)}
          </p>
        )}
      </div>

      <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
        {t('metadata.submit')}
      </button>
    </form>
  );
}
