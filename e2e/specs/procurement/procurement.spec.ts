import { expect, test, type Locator, type Page } from '@playwright/test';
import { demo, expectAccessible, login } from '../../fixtures.js';

/** A valid Italian partita IVA: 7 digits of the company, the office code of Padova (028), the check digit. */
function partitaIva(seed: number): string {
  const body = `${String(seed % 10_000_000).padStart(7, '0')}028`;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(body[i]);
    if (i % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** `YYYY-MM-DD` in Rome, `days` from today. */
function romeDay(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

async function logout(page: Page) {
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.getByRole('button', { name: 'Esci' })).toHaveCount(0);
}

/** Opens the form of a move in "Azioni", lets `fill` complete it, confirms and waits for the new state. */
async function move(page: Page, action: string, state: string, fill?: (form: Locator) => Promise<void>) {
  const actions = page.getByRole('region', { name: 'Azioni', exact: true });
  await actions.getByRole('button', { name: action, exact: true }).click();
  const form = page.locator('#procedure-action-panel');
  await expect(form.getByRole('heading', { name: action })).toBeVisible();
  if (fill) await fill(form);
  await form.getByRole('button', { name: `Conferma: ${action}` }).click();
  await expect(page.getByRole('region', { name: 'Dati della procedura' }).locator('[data-state]')).toHaveText(state);
}

/** An approval turns the DOCX into its PDF/A with LibreOffice before it answers: seconds, more on its first start. */
const APPROVAL = { timeout: 60_000 };

/** The row of a document of the workspace. */
const docRow = (page: Page, label: string) =>
  page.getByRole('region', { name: 'Documenti', exact: true }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });

/** Drafts, sends for review and approves every required document the current user may, until none is left. */
async function completeRequiredDocuments(page: Page) {
  const documents = page.getByRole('region', { name: 'Documenti', exact: true });
  // each required document goes from one state to the next: drafted from the template, sent to review, approved
  const steps: [string, RegExp, string][] = [
    ['Da redigere', /^Redigi dal modello\s?: /, 'In bozza'],
    ['In bozza', /^Invia in revisione\s?: /, 'In revisione'],
    ['In revisione', /^Approva\s?: /, 'Approvato'],
  ];
  for (const [from, name, to] of steps) {
    for (let guard = 0; guard < 40; guard++) {
      const rows = documents.getByRole('row').filter({ hasText: 'Obbligatorio' }).filter({ hasText: from }).filter({ has: page.getByRole('button', { name }) });
      if ((await rows.count()) === 0) break;
      const row = rows.first();
      const label = (await row.getByRole('rowheader').textContent())!.trim();
      await row.getByRole('button', { name }).click();
      await expect(docRow(page, label)).toContainText(to, to === 'Approvato' ? APPROVAL : {});
    }
  }
}

test('a Comune asks the SUA of its Province for a services procurement with the advice of the rules; the SUA runs it from the documents to the award with the checks on the awardee', async ({
  page,
}) => {
  // one whole procurement, from the request to the award, with an accessibility check on every page
  test.setTimeout(360_000);
  const stamp = Date.now();
  const subject = `Servizio di manutenzione del verde pubblico (${stamp})`;

  // the RUP of Abano Terme (Padova) asks for a €180,000 services procurement
  await login(page, demo('rup'));
  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Appalti (SUA)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Appalti (SUA)' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Nuova richiesta', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nuova richiesta alla SUA' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Oggetto dell'appalto").fill(subject);
  await page.getByLabel('Descrizione').fill('Sfalcio, potature e cura delle aree verdi comunali per tre anni.');
  await page.getByLabel('Tipo di appalto').selectOption('servizi');
  await page.getByLabel('CPV principale').fill('77310000-6');
  await page.getByLabel('Valore stimato (€, IVA esclusa, incluse opzioni)').fill('180.000,00');
  await page.getByLabel('Nome e cognome del RUP').fill('Mario Rossi');
  await page.getByLabel('E-mail del RUP (facoltativa)').fill('rup@comune.abano-terme.pd.it');
  const advice = page.getByRole('region', { name: 'Consulenza normativa' });
  await expect(advice.getByText(/^Procedura negoziata senza bando — .+ — almeno 5 operatori/)).toBeVisible();
  await expect(advice.getByText('Sotto soglia europea')).toBeVisible();
  await page.mouse.move(0, 0);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Invia la richiesta' }).click();

  const heading = page.getByRole('heading', { level: 1, name: new RegExp(` — ${subject.replace(/[()]/g, '\\$&')}$`) });
  await expect(heading).toBeVisible();
  const number = (await heading.textContent())!.split(' — ')[0]!;
  const url = page.url();
  await expect(page.getByRole('region', { name: 'Consulenza normativa' }).getByText(/^Procedura negoziata senza bando — .+ — almeno 5 operatori/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Conversazione' })).toBeVisible();
  await expectAccessible(page);
  // the request is a draft of the Comune until it sends it to the SUA: it can still be corrected
  await page.getByRole('link', { name: 'Modifica la richiesta' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Modifica della richiesta' })).toBeVisible();
  await expect(page.getByLabel("Oggetto dell'appalto", { exact: true })).toHaveValue(subject);
  await page.getByLabel('Note sul finanziamento (facoltative)').fill('Bilancio comunale 2027, capitolo 1234');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Salva le modifiche' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${number} — ${subject}` })).toBeVisible();
  await move(page, 'Invia alla SUA', 'In istruttoria');
  await expectAccessible(page);
  await logout(page);

  // the SUA operator of Padova finds it in the list and accepts it with a negotiated procedure and OEPV
  await login(page, demo('sua'));
  // the SUA sets the terms of its convention with Abano Terme: its fee and its qualification
  await page.goto('/appalti/convenzioni');
  await expect(page.getByRole('heading', { level: 1, name: 'Convenzioni SUA: limiti, compensi, qualificazione' })).toBeVisible();
  // every SUA convention of Padova (Abano Terme may be party to more than one): a 1.5 % fee and level SF3
  const conventions = page.getByRole('main').getByRole('region');
  await expect(conventions.first()).toBeVisible();
  const n = await conventions.count();
  for (let i = 0; i < n; i++) {
    const terms = conventions.nth(i);
    await terms.getByLabel('Compenso (% del valore)').fill('1,5');
    await terms.getByLabel('Qualificazione servizi e forniture').selectOption('SF3');
    await terms.getByRole('button', { name: /^Salva/ }).click();
    await expect(terms.getByText('Condizioni della convenzione salvate.')).toBeVisible();
  }
  await expectAccessible(page);
  await page.goto('/appalti');
  await expect(page.getByRole('heading', { level: 1, name: 'Appalti (SUA)' })).toBeVisible();
  const row = page.getByRole('table', { name: 'Procedure di gara' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: number }) });
  await expect(row).toContainText(subject);
  await expect(row).toContainText('In istruttoria');
  await expect(row).toContainText('180.000,00');
  await expectAccessible(page);
  await row.getByRole('link', { name: number }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${number} — ${subject}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Dati della procedura' })).toContainText('2700,00 € (1,5 % del valore stimato)');
  await expectAccessible(page);
  await move(page, 'Accetta e avvia i documenti di gara', 'Documenti di gara', async (form) => {
    await form.getByLabel('Procedura di scelta del contraente').selectOption('NEGOZIATA_SENZA_BANDO');
    await form.getByLabel('Criterio di aggiudicazione').selectOption('OEPV_QUALITA_PREZZO');
  });
  await expect(page.getByRole('region', { name: 'Dati della procedura' }).getByText('Procedura negoziata senza bando', { exact: true })).toBeVisible();

  // the determina a contrarre: drafted from the SUA's template, reviewed, approved
  const determina = docRow(page, 'Decisione (determina) a contrarre');
  await expect(determina).toContainText('Da redigere');
  await determina.getByRole('button', { name: /^Redigi dal modello\s?: Decisione \(determina\) a contrarre$/ }).click();
  await expect(determina).toContainText('In bozza');
  await expect(determina.getByRole('link')).toBeVisible();
  await determina.getByRole('button', { name: /^Invia in revisione\s?: Decisione \(determina\) a contrarre$/ }).click();
  await expect(determina).toContainText('In revisione');
  await determina.getByRole('button', { name: /^Approva\s?: Decisione \(determina\) a contrarre$/ }).click();
  await expect(determina).toContainText('Approvato', APPROVAL);
  await page.mouse.move(0, 0);
  await expectAccessible(page);

  // the tender file for the platform (forced: the other documents are still being written) and the OCDS data
  const zipHref = await page.getByRole('link', { name: 'Esporta fascicolo (ZIP)' }).getAttribute('href');
  expect(zipHref).toMatch(/\/api\/v1\/procurement\/procedures\/.+\/export$/);
  const zip = await page.request.get(`${zipHref!}?force=true`);
  expect(zip.status()).toBe(200);
  expect(zip.headers()['content-type']).toContain('application/zip');
  expect((await zip.body()).subarray(0, 2).toString('latin1')).toBe('PK');
  const ocdsHref = await page.getByRole('link', { name: 'Dati OCDS' }).getAttribute('href');
  const ocds = await page.request.get(ocdsHref!);
  expect(ocds.status()).toBe(200);
  const release = (await ocds.json()) as { releases: Array<{ ocid: string }> };
  expect(release.releases[0]!.ocid).toMatch(/^ocds-/);

  // the rest of the required documents, then the file is ready for publication
  await completeRequiredDocuments(page);
  const checklist = page.getByTestId('procedure-checklist');
  if (await checklist.getByText('Il fascicolo non è ancora completo.').isVisible()) {
    // documents the Comune produces are approved by the Comune
    await logout(page);
    await login(page, demo('rup'));
    await page.goto(url);
    await completeRequiredDocuments(page);
    await logout(page);
    await login(page, demo('sua'));
    await page.goto(url);
  }
  await expect(page.getByTestId('procedure-checklist').getByText('Il fascicolo è completo e pronto per la piattaforma.')).toBeVisible();
  await move(page, 'Segna come pronta per la pubblicazione', 'Pronta per la pubblicazione');

  // the operators to invite, drawn with a public seed among the registry (rotation, art. 49), verifiable by anyone
  const draws = page.getByRole('region', { name: 'Sorteggio degli operatori da invitare' });
  await draws.getByLabel('Operatori da sorteggiare').fill('2');
  await draws.getByLabel('Seme pubblico').fill(`Seduta pubblica del ${romeDay()} (${stamp})`);
  await draws.getByRole('button', { name: 'Sorteggia' }).click();
  await expect(draws.getByText(/^Verificato: /)).toBeVisible();
  await expect(draws.getByRole('listitem')).toHaveCount(2);
  await page.mouse.move(0, 0);
  await expectAccessible(page);

  // a new economic operator in the registry, with a valid partita IVA
  const piva = partitaIva(stamp);
  const operatorName = `Verde e Servizi Srl ${stamp}`;
  await page.getByRole('link', { name: 'Operatori economici' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Operatori economici' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Denominazione', { exact: true }).fill(operatorName);
  await page.getByLabel('Codice fiscale', { exact: true }).fill(piva);
  await page.getByLabel('Partita IVA (facoltativa)').fill(piva);
  await page.getByLabel('Forma giuridica (facoltativa)').fill('Società a responsabilità limitata');
  await page.getByLabel('PEC (facoltativa)').fill(`verde${stamp}@pec.example.it`);
  await page.getByLabel('Dipendenti (facoltativo)').fill('25');
  await page.getByRole('button', { name: "Registra l'operatore" }).click();
  await expect(page.getByRole('status').filter({ hasText: `Operatore «${operatorName}» registrato.` })).toBeVisible();
  await expectAccessible(page);

  // the operator takes part in the procedure
  await page.goto(url);
  const operators = page.getByRole('region', { name: 'Operatori e verifiche' });
  await operators.getByLabel('Cerca un operatore per denominazione o codice fiscale').fill(piva);
  const choice = operators.getByLabel('Operatore economico');
  await expect(choice.locator('option', { hasText: operatorName })).toHaveCount(1);
  await choice.selectOption({ label: `${operatorName} — ${piva}` });
  await operators.getByLabel('Posizione nella procedura').selectOption('bidder');
  await operators.getByLabel('Importo offerto (€)').fill('150.000,00');
  await operators.getByRole('button', { name: 'Aggiungi alla procedura' }).click();
  const participant = operators.getByRole('table', { name: 'Operatori della procedura' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: operatorName }) });
  await expect(participant).toContainText('150.000,00');
  await expectAccessible(page);

  // publication with an offer deadline, evaluation, proposed award
  await move(page, 'Registra la pubblicazione', 'Pubblicata', async (form) => {
    // recorded after the fact: published three weeks ago on the platform, offers closed yesterday
    await form.getByLabel('Data di pubblicazione').fill(romeDay(-21));
    await form.getByLabel('Piattaforma di approvvigionamento digitale').fill('Piattaforma telematica della Provincia di Padova');
    await form.getByLabel('Termine per la presentazione delle offerte').fill(`${romeDay(-1)}T12:00`);
  });
  await expect(page.getByRole('region', { name: 'Dati della procedura' })).toContainText('Piattaforma telematica della Provincia di Padova');
  await move(page, 'Avvia la valutazione delle offerte', 'In valutazione');
  await move(page, 'Registra la proposta di aggiudicazione', 'Proposta di aggiudicazione', async (form) => {
    await form.getByLabel('Operatore proposto').selectOption({ label: `${operatorName} (${piva})` });
    await form.getByLabel("Importo dell'offerta (€)").fill('150.000,00');
  });
  await move(page, 'Avvia la verifica dei requisiti', 'Verifica dei requisiti');
  await expectAccessible(page);

  // the checks on the proposed awardee: built from the catalogue when the verification started, each recorded as regolare
  const checks = operators.getByRole('table', { name: `Verifiche su ${operatorName}` }).locator('tr[data-check]');
  await expect(checks.first()).toBeVisible();
  const count = await checks.count();
  for (let i = 0; i < count; i++) {
    const check = checks.nth(i);
    await check.getByRole('combobox', { name: /^Esito\s?: / }).selectOption('regolare');
    await check.getByLabel(/^Richiesto il\s?: /).fill(romeDay());
    await check.getByLabel(/^Rilasciato il\s?: /).fill(romeDay());
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && /\/checks\/[^/]+$/.test(new URL(r.url()).pathname));
    await check.getByRole('button', { name: /^Salva\s?: / }).click();
    expect((await saved).status()).toBe(200);
  }
  await expect(operators.getByText(`${operatorName} — Esito complessivo: Regolare`)).toBeVisible();
  await page.mouse.move(0, 0);
  await expectAccessible(page);

  // the award
  await move(page, 'Aggiudica', 'Aggiudicata');
  const summary = page.getByRole('region', { name: 'Dati della procedura' });
  await expect(summary).toContainText(operatorName);
  await expect(page.getByRole('region', { name: 'Storico' })).toContainText('da «Verifica dei requisiti» a «Aggiudicata»');
  await expectAccessible(page);

  // the SUA's dashboard counts it
  await page.getByRole('link', { name: 'Cruscotto SUA' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cruscotto SUA' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Per stato' }).getByRole('rowheader', { name: 'Aggiudicata' })).toBeVisible();
  await expectAccessible(page);

  // anyone reads, on the transparency page of Abano Terme, the published procedure with its awardee
  await logout(page);
  await page.goto('/appalti/trasparenza');
  await page.getByLabel('Codice ISTAT del Comune').fill('028001');
  await page.getByRole('button', { name: 'Mostra' }).click();
  const published = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${number} — `) }) });
  await expect(published).toContainText(operatorName);
  await expect(published).toContainText('Aggiudicata');
  await expectAccessible(page);
});
