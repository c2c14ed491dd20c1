import { z } from 'zod';
import { PageQuerySchema } from '../common/common.schemas.js';

/** The kind of record a document belongs to, registered by the module that owns it (e.g. `registry.protocol`). */
export const OwnerTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]{0,49}$/, 'Tipo di record non valido')
  .describe('Tipo del record a cui il documento appartiene');

const Sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('Impronta SHA-256 del file (esadecimale)');
const PersonRef = z.object({ id: z.uuid(), displayName: z.string() }).nullable().describe('Chi ha caricato il file');

/** The `metadata` field of an upload (multipart, JSON text). */
export const DocumentMetadataSchema = z.object({
  ownerType: OwnerTypeSchema,
  ownerId: z.uuid().describe('Identificativo del record a cui il documento appartiene'),
  title: z.string().trim().min(1).max(300).optional().describe('Titolo; per difetto il nome del file'),
  /** AgID metadata (Allegato 5) of version 1, optional. */
  get agid() {
    return AgidMetadataInputSchema.optional();
  },
});
export type DocumentMetadata = z.infer<typeof DocumentMetadataSchema>;

/** Answer of an upload: the document and the version just stored. */
export const DocumentUploadResultSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  sha256: Sha256,
  mediaType: z.string().describe('Tipo rilevato dal contenuto'),
  size: z.number().int().describe('Dimensione in byte'),
});
export type DocumentUploadResult = z.infer<typeof DocumentUploadResultSchema>;

export const DocumentListQuerySchema = PageQuerySchema.extend({
  ownerType: OwnerTypeSchema,
  ownerId: z.uuid(),
  pageSize: PageQuerySchema.shape.pageSize.default(100),
});
export type DocumentListQuery = z.infer<typeof DocumentListQuerySchema>;

/** A document with its current version (the file a download gives). */
export const DocumentListItemSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  version: z.number().int().describe('Versione corrente'),
  sha256: Sha256,
  mediaType: z.string(),
  size: z.number().int(),
  fileName: z.string(),
  locked: z.boolean().describe('Approvato o firmato: si modifica solo con una nuova versione'),
  createdAt: z.string().describe('Caricamento della versione corrente'),
  createdBy: PersonRef,
});
export type DocumentListItem = z.infer<typeof DocumentListItemSchema>;
export const DocumentListSchema = z.object({ items: z.array(DocumentListItemSchema), total: z.number().int() });
export type DocumentList = z.infer<typeof DocumentListSchema>;

/** Whether a version carries digital signatures and whether they all verify (null: not signed). */
export const SignatureSummarySchema = z.object({
  signed: z.boolean().describe('Il file porta firme digitali (CAdES o PAdES)'),
  verified: z
    .boolean()
    .nullable()
    .describe(
      'Tutte le firme sono integre (verifica crittografica, non rispetto alla EU Trusted List); null se non firmato',
    ),
});
export type SignatureSummary = z.infer<typeof SignatureSummarySchema>;

export const DocumentVersionSchema = z.object({
  version: z.number().int(),
  sha256: Sha256,
  mediaType: z.string(),
  size: z.number().int(),
  fileName: z.string(),
  createdAt: z.string(),
  createdBy: PersonRef,
  signatures: SignatureSummarySchema,
});
export type DocumentVersion = z.infer<typeof DocumentVersionSchema>;

export const DocumentDetailSchema = z.object({
  id: z.uuid(),
  ownerType: z.string(),
  ownerId: z.uuid(),
  title: z.string(),
  mediaType: z.string().describe('Tipo della versione corrente'),
  currentVersion: z.number().int(),
  locked: z.boolean(),
  createdAt: z.string(),
  createdBy: PersonRef,
  updatedAt: z.string(),
  versions: z.array(DocumentVersionSchema).describe('Tutte le versioni, dalla prima'),
});
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;

export const DocumentContentQuerySchema = z.object({
  version: z.coerce.number().int().min(1).optional().describe('Versione da scaricare; per difetto la corrente'),
});

/** One signer of a signed file, from the certificate and signed attributes of its signature. */
export const SignerSchema = z.object({
  commonName: z.string().nullable().describe('CN del certificato'),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  fiscalCode: z.string().optional().describe('Codice fiscale dal serialNumber del soggetto (TINIT-<CF> o IT:<CF>)'),
  organization: z.string().optional(),
  issuer: z.string().describe("Certificatore (DN dell'emittente)"),
  serialNumber: z.string().describe('Numero di serie del certificato (esadecimale)'),
  signingTime: z.string().optional().describe('Ora di firma dichiarata dal firmatario (non una marca temporale)'),
  notBefore: z.string().describe('Inizio validità del certificato'),
  notAfter: z.string().describe('Fine validità del certificato'),
  validAtSigningTime: z
    .boolean()
    .nullable()
    .describe("Certificato nel periodo di validità all'ora di firma; null senza ora di firma"),
  digestAlgorithm: z.string(),
  verified: z.boolean().describe('La firma corrisponde al contenuto firmato'),
  reason: z.string().optional().describe('Perché la firma non risulta integra'),
  coversWholeFile: z.boolean().optional().describe('PAdES: la firma copre tutto il file (nessuna modifica successiva)'),
});
export type Signer = z.infer<typeof SignerSchema>;

export const SignatureInspectionSchema = z.object({
  format: z.enum(['CAdES', 'PAdES']),
  signers: z.array(SignerSchema),
  contentMediaType: z.string().optional().describe('CAdES: tipo del contenuto firmato, rilevato dai byte'),
  coversWholeFile: z.boolean().optional().describe('PAdES: tutte le firme coprono tutto il file'),
  trustList: z.literal('not_checked').describe('I certificati non sono verificati rispetto alla EU Trusted List'),
  note: z.string(),
});
export type SignatureInspection = z.infer<typeof SignatureInspectionSchema>;

/** A signed file whose signatures could not be read. */
export const SignatureInspectionErrorSchema = z.object({
  format: z.enum(['CAdES', 'PAdES']),
  error: z.string().describe('Perché le firme non si sono potute leggere'),
});

/** The signatures of one version: null when the file carries none. */
export const DocumentSignaturesSchema = z.object({
  version: z.number().int(),
  mediaType: z.string(),
  signatures: z.union([SignatureInspectionSchema, SignatureInspectionErrorSchema]).nullable(),
});
export type DocumentSignatures = z.infer<typeof DocumentSignaturesSchema>;
/* ---------- AgID metadata of a document (Linee Guida, Allegato 5): the part the user fills ---------- */

export const SoggettoRuoli = [
  'Amministrazione che effettua la registrazione',
  'Assegnatario',
  'Autore',
  'Destinatario',
  'Mittente',
  'Operatore',
  'Produttore',
  'RGD',
  'RSP',
  'Soggetto che effettua la registrazione',
  'Altro',
] as const;

export const AgidSoggettoSchema = z.object({
  ruolo: z.enum(SoggettoRuoli),
  tipo: z.enum(['PF', 'PG', 'PAI', 'PAE', 'AS', 'SW']).describe('Persona fisica, giuridica, PA italiana/estera, sistema'),
  denominazione: z.string().trim().max(300).optional(),
  nome: z.string().trim().max(100).optional(),
  cognome: z.string().trim().max(100).optional(),
  codiceFiscale: z.string().trim().max(16).optional(),
  codiceIPA: z.string().trim().max(50).optional(),
  indirizzoDigitale: z.string().trim().max(300).optional(),
});

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Data nel formato AAAA-MM-GG');

/** What the user fills of the AgID metadata of a document version; the platform adds what it knows. */
export const AgidMetadataInputSchema = z.object({
  modalitaDiFormazione: z.enum(['a', 'b', 'c', 'd']).optional(),
  tipologiaDocumentale: z.string().trim().min(1).max(200).optional(),
  datiDiRegistrazione: z
    .object({
      tipologiaDiFlusso: z.enum(['E', 'U', 'I']),
      tipoRegistro: z.enum(['Nessuno', 'Protocollo Ordinario', 'Protocollo Emergenza', 'Repertorio/Registro']),
      data: IsoDate,
      ora: z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/, 'Ora nel formato HH:MM[:SS]').optional(),
      numero: z.string().trim().max(50).optional(),
      codiceRegistro: z.string().trim().max(50).optional(),
    })
    .optional(),
  soggetti: z.array(AgidSoggettoSchema).max(100).optional(),
  chiaveDescrittiva: z
    .object({ oggetto: z.string().trim().min(1).max(1000), paroleChiave: z.array(z.string().trim().min(1).max(100)).max(5).default([]) })
    .optional(),
  allegati: z
    .object({
      numero: z.number().int().min(0),
      indice: z.array(z.object({ identificativo: z.string().max(100), descrizione: z.string().max(300) })).default([]),
    })
    .optional(),
  classificazione: z
    .object({ indice: z.string().trim().min(1).max(100), descrizione: z.string().trim().max(300), piano: z.string().max(300).optional() })
    .optional(),
  riservato: z.boolean().optional(),
  verifica: z
    .object({
      firmatoDigitalmente: z.boolean(),
      sigillatoElettronicamente: z.boolean(),
      marcaturaTemporale: z.boolean(),
      conformitaCopie: z.boolean(),
    })
    .optional(),
  tempoDiConservazione: z.union([z.number().int().min(1).max(9999), z.literal('permanente')]).optional(),
  note: z.string().max(4000).optional(),
});
export type AgidMetadataInput = z.infer<typeof AgidMetadataInputSchema>;

export const DocumentMetadataQuerySchema = z.object({ version: z.coerce.number().int().min(1).optional() });
export const DocumentMetadataCompareQuerySchema = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});

/* ---------- Fascicoli (aggregazioni documentali, Allegato 5 §6.3) ---------- */

export const FascicoloClassificationSchema = z.object({
  indice: z.string().trim().min(1).max(100),
  descrizione: z.string().trim().max(300).optional(),
  piano: z.string().trim().max(300).optional(),
});

export const FascicoloCreateSchema = z.object({
  title: z.string().trim().min(1).max(500),
  identifier: z.string().trim().min(1).max(100).optional(),
  aggregationType: z.enum(['Fascicolo', 'Serie Documentale', 'Serie di Fascicoli']).default('Fascicolo'),
  fascicoloType: z
    .enum(['affare', 'attività', 'persona fisica', 'persona giuridica', 'procedimento amministrativo'])
    .optional(),
  enteId: z.uuid(),
  classification: FascicoloClassificationSchema.optional(),
  responsible: z.string().trim().max(300).optional(),
  openedOn: IsoDate.optional(),
  retentionYears: z.number().int().min(1).max(9999).optional(),
  note: z.string().max(4000).optional(),
  paroleChiave: z.array(z.string().trim().min(1).max(100)).max(5).optional(),
});
export type FascicoloCreate = z.infer<typeof FascicoloCreateSchema>;

export const FascicoloUpdateSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  fascicoloType: FascicoloCreateSchema.shape.fascicoloType,
  classification: FascicoloClassificationSchema.optional(),
  responsible: z.string().trim().max(300).optional(),
  closedOn: IsoDate.nullable().optional(),
  retentionYears: z.number().int().min(1).max(9999).optional(),
  note: z.string().max(4000).optional(),
});
export type FascicoloUpdate = z.infer<typeof FascicoloUpdateSchema>;

export const FascicoloListQuerySchema = z.object({ ente: z.uuid().optional() });
export const FascicoloAddDocumentSchema = z.object({ documentId: z.uuid() });
export const FascicoloDocumentParamsSchema = z.object({ id: z.uuid(), documentId: z.uuid() });
