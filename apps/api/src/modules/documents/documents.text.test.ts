import { describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { samples, zip } from '../../../test/files.js';
import { docxText, extractText, MAX_PART_BYTES } from './documents.text.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A DOCX whose document part inflates to `bytes` (deflated: a few kilobytes). */
function docxInflatingTo(bytes: number): Buffer {
  const zip = new PizZip();
  zip.file('[Content_Types].xml', `<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="${DOCX}.main+xml"/></Types>`);
  const paragraph = '<w:p><w:r><w:t>Verbale</w:t></w:r></w:p>';
  zip.file('word/document.xml', `<w:document><w:body>${paragraph.repeat(Math.ceil(bytes / paragraph.length))}</w:body></w:document>`);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('text of a DOCX', () => {
  it('reads the paragraphs of a document, deflated or stored', async () => {
    expect(docxText(docxInflatingTo(1000))).toMatch(/^Verbale\nVerbale/);
    const stored = zip([
      ['[Content_Types].xml', '<Types/>'],
      ['word/document.xml', '<w:document><w:body><w:p><w:r><w:t>Delibera di giunta</w:t></w:r></w:p></w:body></w:document>'],
    ]);
    expect(await extractText(stored, DOCX)).toBe('Delibera di giunta');
    expect(await extractText(samples.docx(), DOCX)).toBeNull();
  });

  it('stops at the size limit of a part: a zip bomb is stored without text, its memory bounded', async () => {
    const bomb = docxInflatingTo(MAX_PART_BYTES + 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(() => docxText(bomb)).toThrow(/too large|buffer|length/i);
    const rssBefore = process.memoryUsage().rss;
    expect(await extractText(bomb, DOCX)).toBeNull();
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
  });
});
