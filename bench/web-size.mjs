#!/usr/bin/env node
// Initial web payload: gzip size of the JS loaded by dist/index.html (entry + modulepreload chunks) and of its CSS.
// Usage: node bench/web-size.mjs  (builds apps/web first if apps/web/dist is missing). Always exits 0.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'apps/web/dist');
const TARGET_JS_KB = 200;

if (!existsSync(path.join(dist, 'index.html'))) {
  console.log('apps/web/dist not found: running the web build…');
  execSync('npm run build -w @app/web', { cwd: root, stdio: 'inherit' });
}

const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const attr = (tag, name) => tag.match(new RegExp(`${name}=["']([^"']+)["']`))?.[1];
const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => attr(m[0], 'src')).filter(Boolean);
const links = [...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
const preloads = links.filter((l) => /rel=["']modulepreload["']/.test(l)).map((l) => attr(l, 'href'));
const styles = links.filter((l) => /rel=["']stylesheet["']/.test(l)).map((l) => attr(l, 'href'));

const kb = (n) => (n / 1024).toFixed(1);
function measure(url) {
  const file = path.join(dist, url.replace(/^\//, ''));
  const buf = readFileSync(file);
  return { file: url, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

const js = [...new Set([...scripts, ...preloads])].map(measure);
const css = [...new Set(styles)].map(measure);
const sum = (rows, k) => rows.reduce((a, r) => a + r[k], 0);
const jsGzip = sum(js, 'gzip');
const cssGzip = sum(css, 'gzip');

const lazy = readdirSync(path.join(dist, 'assets')).filter(
  (f) => f.endsWith('.js') && !js.some((r) => r.file.endsWith(f)),
);

console.log('\nInitial payload of apps/web/dist/index.html ("/" and "/login")\n');
console.table([
  ...js.map((r) => ({ kind: 'js', file: r.file, 'raw kB': kb(r.raw), 'gzip kB': kb(r.gzip) })),
  ...css.map((r) => ({ kind: 'css', file: r.file, 'raw kB': kb(r.raw), 'gzip kB': kb(r.gzip) })),
]);
console.table([
  {
    metric: 'initial JS (gzip)',
    'kB': kb(jsGzip),
    'target kB': TARGET_JS_KB,
    status: jsGzip / 1024 <= TARGET_JS_KB ? 'OK' : 'OVER',
  },
  { metric: 'CSS (gzip)', 'kB': kb(cssGzip), 'target kB': '-', status: '-' },
  { metric: 'lazy JS chunks', 'kB': kb(lazy.reduce((a, f) => a + gzipSync(readFileSync(path.join(dist, 'assets', f)), { level: 9 }).length, 0)), 'target kB': '-', status: `${lazy.length} chunks` },
]);
process.exit(0);
