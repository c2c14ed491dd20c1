import { AgidMetadataInputSchema, type AgidMetadataInput } from '@app/contracts';
import { badRequest } from '../../lib/errors.js';

/** The complete AgID metadata of a document version: what the user filled plus what the platform knows. */
export interface AgidMetadata extends AgidMetadataInput {
  idDoc: { identificativo: string; impronta: string; algoritmo: 'SHA-256' };
  formato: { mimeType: string };
  nomeDelDocumento: string;
  versioneDelDocumento: number;
  dataCreazione: string;
  autore: { id: string; denominazione: string } | null;
  tracciatureModifiche: { tipoModifica: string; soggetto: string | null; data: string; idDocVersionePrecedente: string } | null;
  agg: { tipoAggregazione: string; idAggregazione: string }[];
}

/** Validates what the user fills; 400 with the path of each wrong field. */
export function parseAgidInput(raw: unknown, prefix = 'metadata'): AgidMetadataInput {
  const parsed = AgidMetadataInputSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw badRequest('validation_failed', 'Invalid input', {
      issues: parsed.error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

export interface VersionFacts {
  documentId: string;
  version: number;
  sha256: string;
  mediaType: string;
  fileName: string;
  createdAt: Date;
  createdById: string | null;
  createdByName: string | null;
  previousSha256?: string | null;
  aggregations: { aggregationType: string; identifier: string }[];
}

export const docIdentifier = (documentId: string, version: number) => `${documentId}-v${version}`;

export function completeMetadata(user: AgidMetadataInput, f: VersionFacts): AgidMetadata {
  const when = f.createdAt.toISOString();
  return {
    ...user,
    idDoc: { identificativo: docIdentifier(f.documentId, f.version), impronta: f.sha256, algoritmo: 'SHA-256' },
    formato: { mimeType: f.mediaType },
    nomeDelDocumento: f.fileName,
    versioneDelDocumento: f.version,
    dataCreazione: when,
    autore: f.createdById ? { id: f.createdById, denominazione: f.createdByName ?? '' } : null,
    tracciatureModifiche:
      f.version > 1
        ? {
            tipoModifica: f.previousSha256 && f.previousSha256 === f.sha256 ? 'modifica metadati' : 'nuova versione',
            soggetto: f.createdByName,
            data: when,
            idDocVersionePrecedente: docIdentifier(f.documentId, f.version - 1),
          }
        : null,
    agg: f.aggregations.map((a) => ({ tipoAggregazione: a.aggregationType, idAggregazione: a.identifier })),
  };
}

/** The dotted paths of the leaves that differ between two metadata objects. */
export function diffMetadata(a: unknown, b: unknown, path = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffMetadata(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path || '.'];
}

/* ---------- XML ---------- */

export const escapeXml = (s: string) =>
  s
    // characters not allowed in XML 1.0
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** An XML element tree: `[name, children | text]`; undefined children are left out. */
export type XmlNode = [string, XmlNode[] | string | number | boolean | null | undefined, Record<string, string>?];

export function renderXml(node: XmlNode, indent = ''): string {
  const [name, content, attrs] = node;
  const a = attrs ? Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('') : '';
  if (content === undefined || content === null) return '';
  if (Array.isArray(content)) {
    const inner = content.map((c) => renderXml(c, `${indent}  `)).filter(Boolean);
    return `${indent}<${name}${a}>\n${inner.join('\n')}\n${indent}</${name}>`;
  }
  const text = typeof content === 'boolean' ? (content ? 'true' : 'false') : String(content);
  return `${indent}<${name}${a}>${escapeXml(text)}</${name}>`;
}

export const xmlDocument = (root: XmlNode) => `<?xml version="1.0" encoding="UTF-8"?>\n${renderXml(root)}\n`;

const yesNo = (b: boolean | undefined) => (b === undefined ? undefined : b ? 'true' : 'false');
const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

export function soggettiXml(soggetti: AgidMetadataInput['soggetti']): XmlNode | undefined {
  if (!soggetti?.length) return undefined;
  return [
    'Soggetti',
    soggetti.map((s): XmlNode => [
      'Ruolo',
      [
        ['TipoRuolo', s.ruolo],
        [
          s.tipo,
          [
            ['Denominazione', s.denominazione],
            ['Nome', s.nome],
            ['Cognome', s.cognome],
            ['CodiceFiscale', s.codiceFiscale],
            ['CodiceIPA', s.codiceIPA],
            ['IndirizziDigitaliDiRiferimento', s.indirizzoDigitale],
          ],
        ],
      ],
    ]),
  ];
}

/** The metadata of a document version as XML with the element names of Allegato 5. */
export function toAgidXml(m: AgidMetadata): string {
  const r = m.datiDiRegistrazione;
  const root: XmlNode = [
    'DocumentoInformatico',
    [
      [
        'IdDoc',
        [
          [
            'ImprontaCrittograficaDelDocumento',
            [
              ['Impronta', hexToBase64(m.idDoc.impronta)],
              ['Algoritmo', m.idDoc.algoritmo],
            ],
          ],
          ['Identificativo', m.idDoc.identificativo],
        ],
      ],
      ['ModalitaDiFormazione', m.modalitaDiFormazione],
      ['TipologiaDocumentale', m.tipologiaDocumentale],
      r
        ? [
            'DatiDiRegistrazione',
            [
              ['TipologiaDiFlusso', r.tipologiaDiFlusso],
              [
                'TipoRegistro',
                [
                  ['TipoRegistro', r.tipoRegistro],
                  ['DataRegistrazione', r.data],
                  ['OraRegistrazione', r.ora],
                  ['NumeroRegistrazione', r.numero],
                  ['CodiceRegistro', r.codiceRegistro],
                ],
              ],
            ],
          ]
        : ['DatiDiRegistrazione', undefined],
      soggettiXml(m.soggetti) ?? ['Soggetti', undefined],
      m.chiaveDescrittiva
        ? [
            'ChiaveDescrittiva',
            [
              ['Oggetto', m.chiaveDescrittiva.oggetto],
              ...m.chiaveDescrittiva.paroleChiave.map((p): XmlNode => ['ParoleChiave', p]),
            ],
          ]
        : ['ChiaveDescrittiva', undefined],
      m.allegati
        ? [
            'Allegati',
            [
              ['NumeroAllegati', m.allegati.numero],
              ...m.allegati.indice.map((i): XmlNode => [
                'IndiceAllegati',
                [
                  ['IdDoc', [['Identificativo', i.identificativo]]],
                  ['Descrizione', i.descrizione],
                ],
              ]),
            ],
          ]
        : ['Allegati', undefined],
      m.classificazione
        ? [
            'Classificazione',
            [
              ['IndiceDiClassificazione', m.classificazione.indice],
              ['Descrizione', m.classificazione.descrizione],
              ['PianoDiClassificazione', m.classificazione.piano],
            ],
          ]
        : ['Classificazione', undefined],
      ['Riservato', yesNo(m.riservato)],
      [
        'IdentificativoDelFormato',
        [
          ['Formato', m.formato.mimeType],
          ['ProdottoSoftware', [['NomeProdotto', 'Province & Comuni']]],
        ],
      ],
      m.verifica
        ? [
            'Verifica',
            [
              ['FirmatoDigitalmente', yesNo(m.verifica.firmatoDigitalmente)],
              ['SigillatoElettronicamente', yesNo(m.verifica.sigillatoElettronicamente)],
              ['MarcaturaTemporale', yesNo(m.verifica.marcaturaTemporale)],
              ['ConformitaCopieImmagineSuSupportoInformatico', yesNo(m.verifica.conformitaCopie)],
            ],
          ]
        : ['Verifica', undefined],
      m.agg.length
        ? [
            'Agg',
            m.agg.map((a): XmlNode => [
              'TipoAgg',
              [
                ['TipoAggregazione', a.tipoAggregazione],
                ['IdAggregazione', a.idAggregazione],
              ],
            ]),
          ]
        : ['Agg', undefined],
      ['NomeDelDocumento', m.nomeDelDocumento],
      ['VersioneDelDocumento', m.versioneDelDocumento],
      m.tracciatureModifiche
        ? [
            'TracciatureModificheDocumento',
            [
              ['TipoModifica', m.tracciatureModifiche.tipoModifica],
              ['SoggettoAutoreDellaModifica', m.tracciatureModifiche.soggetto],
              ['DataModifica', m.tracciatureModifiche.data],
              ['IdDocVersionePrecedente', m.tracciatureModifiche.idDocVersionePrecedente],
            ],
          ]
        : ['TracciatureModificheDocumento', undefined],
      ['TempoDiConservazione', m.tempoDiConservazione],
      ['Note', m.note],
    ],
  ];
  return xmlDocument(root);
}
