import { describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { docxText, extractText, MAX_TEXT_CHARS } from './documents.text.js';
import { buildDocx } from './templates.fixtures.js';
import { parsePlaceholders, placeholdersOfText, sampleData } from './templates.placeholders.js';
import { DOCX, renderDocx } from './templates.service.js';

describe('placeholders', () => {
  it('finds tags, loops with their inner tags, in order and once', () => {
    const docx = buildDocx([
      'Delibera n. {numero} del {data}',
      'Ente: {ente.nome}',
      '{#voci}',
      '{descrizione}: {importo}',
      '{/voci}',
      'Firmato {numero}',
    ]);
    expect(parsePlaceholders(docx)).toEqual(['numero', 'data', 'ente.nome', 'voci[]', 'voci[].descrizione', 'voci[].importo']);
  });

  it('handles nested and inverted sections, raw tags and tags split across runs', () => {
    expect(placeholdersOfText('{#a}{x}{#b}{y}{/b}{/a}{^vuoto}nessuno{/vuoto}{@xml}')).toEqual([
      'a[]',
      'a[].x',
      'a[].b[]',
      'a[].b[].y',
      'vuoto[]',
      'xml',
    ]);
    // Word often splits a tag across runs: the markup is removed before parsing
    const zip = new PizZip(buildDocx(['x']));
    zip.file(
      'word/document.xml',
      zip.file('word/document.xml')!.asText().replace('<w:t xml:space="preserve">x</w:t>', '<w:t>{no</w:t></w:r><w:r><w:t>me}</w:t>'),
    );
    expect(parsePlaceholders(zip.generate({ type: 'nodebuffer' }) as Buffer)).toEqual(['nome']);
  });

  it('builds sample data that fills every placeholder', () => {
    const data = sampleData(['numero', 'voci[]', 'voci[].importo']);
    expect(data).toEqual({ numero: '«numero»', voci: [{ importo: '«voci.importo»' }, { importo: '«voci.importo»' }] });
    const filled = renderDocx(buildDocx(['N. {numero}', '{#voci}', 'Importo {importo}', '{/voci}']), data);
    const text = docxText(filled);
    expect(text).toContain('N. «numero»');
    expect(text.match(/Importo «voci.importo»/g)).toHaveLength(2);
    expect(text).not.toContain('{');
  });
});

describe('text extraction', () => {
  it('reads the paragraphs of a DOCX', async () => {
    const text = await extractText(buildDocx(['Relazione sulle strade provinciali', 'Manutenzione & ponti']), DOCX);
    expect(text).toBe('Relazione sulle strade provinciali\nManutenzione & ponti');
  });

  it('reads the text of a PDF', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage().drawText('Convenzione per la stazione unica appaltante', { x: 50, y: 700, font, size: 14 });
    const text = await extractText(await pdf.save(), 'application/pdf');
    expect(text).toContain('Convenzione per la stazione unica appaltante');
  });

  it('reads plain text and CSV, caps the length, and never throws', async () => {
    expect(await extractText(Buffer.from('a;b\n1;2'), 'text/csv')).toBe('a;b\n1;2');
    const long = await extractText(Buffer.from('x'.repeat(MAX_TEXT_CHARS + 10)), 'text/plain');
    expect(long).toHaveLength(MAX_TEXT_CHARS);
    expect(await extractText(Buffer.from('not a zip'), DOCX)).toBeNull();
    expect(await extractText(Buffer.from('%PDF-1.7 broken'), 'application/pdf')).toBeNull();
    expect(await extractText(Buffer.from([1, 2, 3]), 'image/png')).toBeNull();
  });
});
