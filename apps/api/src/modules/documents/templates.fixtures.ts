/** Test fixture: a minimal valid DOCX whose body has one paragraph per line. */
export { simpleDocx as buildDocx } from '../../lib/docx.js';
