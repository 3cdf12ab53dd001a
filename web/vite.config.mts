import { purgeCSSPlugin as purgeCss } from '@fullhuman/postcss-purgecss';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { AcceptedPlugin, Helpers, Root } from 'postcss';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * USWDS ships one stylesheet with every component and utility (over half a megabyte); the console
 * uses a few dozen of them. In the build, the rules of uswds.css whose classes appear nowhere in
 * the console's sources are dropped (element, attribute and font rules stay). Class names must
 * therefore be written out whole in the sources (`usa-button--secondary`, never
 * `usa-button--${kind}`). The console's own stylesheet is left as it is.
 */
/**
 * The classes the @trussworks/react-uswds components the console renders set themselves (their
 * names are in its bundle, not in the console's sources): FormGroup, Label, TextInput, Textarea,
 * Select, Fieldset, Radio, Checkbox, Button (app/ui.tsx, app/form.tsx).
 */
const REACT_USWDS_CLASSES = [
  'usa-form usa-form--large usa-form-group usa-form-group--error usa-label usa-label--error',
  'usa-hint usa-input usa-input--error usa-textarea usa-select usa-fieldset usa-legend',
  'usa-radio usa-radio__input usa-radio__input--tile usa-radio__label',
  'usa-checkbox usa-checkbox__input usa-checkbox__label',
  'usa-button usa-button--secondary usa-button--outline',
].join(' ');

function purgeUswds(): AcceptedPlugin {
  const purge = purgeCss({
    content: [
      join(root, 'index.html'),
      join(root, 'src/**/*.{ts,tsx}'),
      { raw: REACT_USWDS_CLASSES, extension: 'html' },
    ],
    // Classes USWDS itself sets on state, and the ones the browser's own widgets need.
    safelist: { standard: [/^usa-js-/, /^is-/, /^usa-current$/], greedy: [/--error$/] },
    fontFace: false,
    keyframes: false,
    variables: false,
  }) as { OnceExit: (root: Root, helpers: Helpers) => Promise<void> };
  return {
    postcssPlugin: 'purge-uswds',
    OnceExit(css: Root, helpers: Helpers) {
      const file = css.source?.input.file ?? '';
      if (!/[\\/]uswds\.css$/.test(file)) return;
      // A web font that arrives after the text is drawn would redraw it narrower or wider and
      // move the page (the navigation rewraps on a phone): it is used when it is there in time
      // (the body's two are preloaded, and cached from then on), never swapped in late.
      css.walkAtRules('font-face', (rule) =>
        rule.walkDecls('font-display', (d) => {
          d.value = 'optional';
        }),
      );
      return purge.OnceExit(css, helpers);
    },
  } as AcceptedPlugin;
}

/**
 * Preloads the body text's fonts (USWDS's sans, regular and bold), so that with
 * `font-display: optional` they are there for the first paint.
 */
function preloadBodyFonts(): Plugin {
  return {
    name: 'preload-body-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const text = Object.values(ctx.bundle ?? {})
          .map((a) => (a.type === 'asset' && a.fileName.endsWith('.css') ? String(a.source) : ''))
          .find((source) => source.includes('Source Sans Pro Web'));
        if (!text) return [];
        const hrefs: string[] = [];
        for (const weight of ['400', '700']) {
          const face = new RegExp(
            `@font-face\\{font-family:Source Sans Pro Web;font-style:normal;font-weight:${weight};[^}]*?url\\(([^)]+\\.woff2)\\)`,
          ).exec(text);
          if (face) hrefs.push(face[1].replace(/^["']|["']$/g, ''));
        }
        return hrefs.map((href) => ({
          tag: 'link',
          attrs: { rel: 'preload', href, as: 'font', type: 'font/woff2', crossorigin: '' },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every text asset of the build, so the server
 * sends them as they are instead of compressing each request (src/console/precompressed.ts).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const dir = join(outDir, 'assets');
      for (const name of readdirSync(dir)) {
        if (!/\.(js|css|svg|json|txt)$/.test(name)) continue;
        const body = readFileSync(join(dir, name));
        if (body.length < 1024) continue;
        writeFileSync(
          join(dir, `${name}.br`),
          brotliCompressSync(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
        );
        writeFileSync(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }));
      }
    },
  };
}

// The staff console. `npm run build` writes web/dist, which the API server serves at `/`.
// `npm run dev:web` serves it with hot reload and sends /api to a server on :3000.
// Each screen is its own chunk (the routes load them lazily): the first page loads the shell,
// the sign-in form and the home page only; the chart library comes with the reports that draw.
export default defineConfig(({ command }) => ({
  root,
  base: '/',
  css: { postcss: { plugins: command === 'build' ? [purgeUswds()] : [] } },
  plugins: [preloadBodyFonts(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps: they would hand every comment and the original source to anyone.
    sourcemap: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // Libraries' "use client" directives mean nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
}));
