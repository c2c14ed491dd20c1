import PizZip from 'pizzip';

/** Text of the parts of a DOCX where docxtemplater looks for tags (body, headers, footers), markup removed. */
function templateText(zip: PizZip): string {
  const names = Object.keys(zip.files).filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n));
  return names
    .sort((a, b) => (a === 'word/document.xml' ? -1 : b === 'word/document.xml' ? 1 : a.localeCompare(b)))
    .map((n) => zip.file(n)!.asText().replace(/<[^>]+>/g, ''))
    .join('');
}

/**
 * The placeholders of a template in docxtemplater's syntax, in order of appearance and without
 * repetitions: `{name}` gives "name"; a loop or section `{#items}…{/items}` (or inverted `{^items}`)
 * gives "items[]" and its inner tags "items[].field"; raw XML tags `{@name}` give "name".
 * Dotted names are kept as written. Nested loops nest the prefixes.
 */
export function parsePlaceholders(docx: Uint8Array): string[] {
  return placeholdersOfText(templateText(new PizZip(docx)));
}

export function placeholdersOfText(text: string): string[] {
  const found: string[] = [];
  const add = (p: string) => !found.includes(p) && found.push(p);
  const stack: string[] = [];
  for (const m of text.matchAll(/\{([#^/@]?)\s*([^{}#^/@][^{}]*?)\s*\}/g)) {
    const kind = m[1];
    const name = m[2]!.trim();
    const prefix = stack.length ? `${stack.join('[].')}[].` : '';
    if (kind === '#' || kind === '^') {
      add(`${prefix}${name}[]`);
      stack.push(name);
    } else if (kind === '/') {
      const at = stack.lastIndexOf(name);
      if (at >= 0) stack.length = at;
    } else if (name !== '.') {
      add(`${prefix}${name}`);
    }
  }
  return found;
}

type Sample = { [k: string]: string | Sample[] };

/** Sample data for a preview: every tag gets «its name», every loop two rows. */
export function sampleData(placeholders: string[]): Sample {
  const root: Sample = {};
  for (const p of placeholders) {
    const segments = p.split('[].');
    let level: Sample[] = [root];
    segments.forEach((seg, i) => {
      const last = i === segments.length - 1;
      const isLoop = last && seg.endsWith('[]');
      const key = isLoop ? seg.slice(0, -2) : seg;
      const next: Sample[] = [];
      for (const obj of level) {
        if (!last || isLoop) {
          if (!Array.isArray(obj[key])) obj[key] = [{}, {}];
          next.push(...(obj[key] as Sample[]));
        } else {
          obj[key] = `«${p.replace(/\[\]/g, '')}»`;
        }
      }
      level = next;
    });
  }
  return root;
}
