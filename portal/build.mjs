// Builds the portal into dist/: one minified ES module bundle, the stylesheet and index.html, plain files that any
// static host serves (CloudFront + S3 in AWS, PortalSite in local mode). No network: esbuild and the sources only.
// The bundle and the stylesheet carry a hash of their content in their names (app-<hash>.js), so a deploy may let
// browsers and CloudFront keep them for a year; index.html, which names them, is the one file never cached.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT = 200 * 1024; // the ceiling for the app's JavaScript, gzip

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
const result = await build({
  entryPoints: [{ in: 'src/main.js', out: 'app' }, { in: 'src/app.css', out: 'app' }],
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  outdir: 'dist',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
const outputs = Object.entries(result.metafile.outputs);
const nameOf = (entry) => basename(outputs.find(([, o]) => o.entryPoint === entry)[0]);
const js = nameOf('src/main.js');
const css = nameOf('src/app.css');
const html = readFileSync('src/index.html', 'utf8');
if (!html.includes('href="app.css"') || !html.includes('src="app.js"')) {
  console.error('portal: src/index.html must name app.css and app.js (the build puts the hashed names there)');
  process.exit(1);
}
writeFileSync('dist/index.html', html.replace('href="app.css"', `href="${css}"`).replace('src="app.js"', `src="${js}"`));

let gzip = 0;
for (const f of readdirSync('dist').filter((n) => n.endsWith('.js'))) {
  gzip += gzipSync(readFileSync(`dist/${f}`), { level: 9 }).length;
}
console.log(`portal: dist/ built (${js}, ${css}); JavaScript ${gzip} bytes gzip (limit ${LIMIT})`);
if (gzip > LIMIT) {
  console.error('portal: the JavaScript is over the 200 KB gzip limit');
  process.exit(1);
}
