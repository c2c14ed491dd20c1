import { describe, expect, it } from 'vitest';
import { plainText, renderMarkdown } from './comments.markdown.js';

describe('comment Markdown', () => {
  it('renders emphasis, lists, code and quotes', () => {
    const html = renderMarkdown('**grassetto** e *corsivo*\n\n- uno\n- due\n\n`codice`\n\n> citazione');
    expect(html).toContain('<strong>grassetto</strong>');
    expect(html).toContain('<em>corsivo</em>');
    expect(html).toContain('<ul>');
    expect(html).toContain('<li>uno</li>');
    expect(html).toContain('<code>codice</code>');
    expect(html).toContain('<blockquote>');
  });

  it('escapes raw HTML instead of interpreting it, so a script tag never runs', () => {
    const html = renderMarkdown('Ciao <script>alert(1)</script> <b onclick="x()">b</b>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b ');
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops javascript: and data: links but keeps http, https and mailto with a safe rel', () => {
    expect(renderMarkdown('[clic](javascript:alert(1))')).not.toMatch(/href="javascript/i);
    expect(renderMarkdown('[clic](data:text/html;base64,PHNjcmlwdD4=)')).not.toContain('href="data');
    const ok = renderMarkdown('[sito](https://www.upinet.it) e [posta](mailto:info@upinet.it)');
    expect(ok).toContain('<a href="https://www.upinet.it" rel="noopener noreferrer nofollow">sito</a>');
    expect(ok).toContain('href="mailto:info@upinet.it"');
  });

  it('turns bare addresses into links', () => {
    expect(renderMarkdown('vedi https://example.it/bando')).toContain('<a href="https://example.it/bando"');
  });

  it('does not render images and lowers top-level headings', () => {
    const html = renderMarkdown('![logo](https://example.it/x.png)\n\n# Titolo');
    expect(html).not.toContain('<img');
    expect(html).toContain('<h3>Titolo</h3>');
    expect(html).not.toContain('<h1');
  });

  it('gives the plain text for the search index', () => {
    expect(plainText('**Convenzione** per la [SUA](https://x.it) & altro')).toBe('Convenzione per la SUA & altro');
  });
});
