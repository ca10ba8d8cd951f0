// Builds the portal into dist/: one minified ES module bundle, the stylesheet and index.html, plain files that any
// static host serves (CloudFront + S3 in AWS, PortalSite in local mode). No network: esbuild and the sources only.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT = 200 * 1024; // the ceiling for the app's JavaScript, gzip

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  outfile: 'dist/app.js',
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync('src/index.html', 'dist/index.html');
copyFileSync('src/app.css', 'dist/app.css');

let gzip = 0;
for (const f of readdirSync('dist').filter((n) => n.endsWith('.js'))) {
  gzip += gzipSync(readFileSync(`dist/${f}`), { level: 9 }).length;
}
console.log(`portal: dist/ built; JavaScript ${gzip} bytes gzip (limit ${LIMIT})`);
if (gzip > LIMIT) {
  console.error('portal: the JavaScript is over the 200 KB gzip limit');
  process.exit(1);
}
