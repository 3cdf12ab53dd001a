#!/usr/bin/env node
// Writes src/metadata.ts: what the @nestjs/swagger compiler plugin reads from the DTOs' types and
// class-validator decorators (types, nullability, formats, lengths, ranges) and from the
// controllers' return types. The server is compiled by swc, which runs no TypeScript transformer,
// so the plugin's readonly visitor records this ahead of time and the app loads it with
// SwaggerModule.loadPluginMetadata() before it builds the document.
//
//   node scripts/openapi-metadata.mjs           writes src/metadata.ts
//   node scripts/openapi-metadata.mjs --check   exits 1 when src/metadata.ts is stale
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(join(ROOT, 'package.json'));
const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
const { ReadonlyVisitor } = await import('@nestjs/swagger/plugin');
const ts = require('typescript');

export const PLUGIN_OPTIONS = {
  classValidatorShim: true,
  introspectComments: true,
  dtoFileNameSuffix: ['.dto.ts', 'pagination.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
};

const check = process.argv.includes('--check');
const target = join(ROOT, 'src', 'metadata.ts');

function program() {
  const configFile = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const roots = parsed.fileNames.filter(
    (f) => f.startsWith(join(ROOT, 'src') + '/') && !f.endsWith('.spec.ts') && !f.endsWith('/metadata.ts'),
  );
  return ts.createProgram(roots, { ...parsed.options, noEmit: true });
}

const outDir = check ? mkdtempSync(join(tmpdir(), 'openapi-metadata-')) : join(ROOT, 'src');
try {
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...PLUGIN_OPTIONS, pathToSource: join(ROOT, 'src') })],
    outputDir: outDir,
    filename: 'metadata.ts',
    tsProgramRef: program(),
    printDiagnostics: false,
  });
  const written = join(outDir, 'metadata.ts');
  // Formatted like the rest of the sources, so `npm run lint` passes and diffs stay readable.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(target)) ?? {};
  const text = await prettier.format(readFileSync(written, 'utf8'), { ...options, filepath: target });
  if (check) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {}
    if (current !== text) {
      process.stderr.write('src/metadata.ts is stale: run `npm run openapi:metadata`\n');
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
  }
} finally {
  if (check) rmSync(outDir, { recursive: true, force: true });
}
