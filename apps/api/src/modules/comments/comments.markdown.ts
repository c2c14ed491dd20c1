import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** Longest comment accepted, in characters of Markdown. */
export const MAX_COMMENT_LENGTH = 10_000;

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.disable(['image']);

const ALLOWED_TAGS = ['p', 'br', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'a', 'h3', 'h4', 'h5', 'h6', 'hr', 's', 'del'];

/**
 * Renders a comment's Markdown to HTML safe to insert in a page: raw HTML is escaped by the renderer, images
 * are not rendered, and the result goes through an allowlist (links only to http, https and mailto, opened
 * without referrer nor opener). Headings are lowered to h3–h6 so that a comment never competes with the page's
 * own headings.
 */
export function renderMarkdown(markdown: string): string {
  const raw = md.render(markdown);
  return sanitizeHtml(raw, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href', 'rel'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'escape',
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: 'noopener noreferrer nofollow' } }),
      h1: 'h3',
      h2: 'h4',
    },
  }).trim();
}

/** The plain text of a comment, for the search index and notifications. */
export function plainText(markdown: string): string {
  return sanitizeHtml(md.render(markdown), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
