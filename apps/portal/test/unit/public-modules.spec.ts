/**
 * The browser loads public/js as native ES modules with no build step, so a syntax error or an
 * import of a name a module does not export only shows in the browser. This checks every
 * module statically: it parses, every relative import points at a file, every imported name
 * is exported there, and the page loads nothing from another origin (no CDN).
 */
import { parseSync } from '@swc/core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const PUBLIC = join(__dirname, '..', '..', 'public');
const files = (readdirSync(join(PUBLIC, 'js'), { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).map((f) => join(PUBLIC, 'js', f));

type Node = { type: string; [key: string]: unknown };
type Named = { value: string };

function parse(file: string) {
  return parseSync(readFileSync(file, 'utf8'), { syntax: 'ecmascript', target: 'es2022' }).body as unknown as Node[];
}

function exportedNames(body: Node[]): Set<string> {
  const names = new Set<string>();
  for (const item of body) {
    if (item.type === 'ExportDeclaration') {
      const declaration = item.declaration as Node & { identifier?: Named; declarations?: Array<{ id: Named }> };
      if (declaration.identifier) names.add(declaration.identifier.value);
      for (const d of declaration.declarations ?? []) names.add(d.id.value);
    }
    if (item.type === 'ExportNamedDeclaration') {
      for (const s of item.specifiers as Array<{ orig: Named; exported: Named | null }>) names.add((s.exported ?? s.orig).value);
    }
  }
  return names;
}

describe('public/js modules', () => {
  it('finds the modules', () => {
    expect(files.map((f) => relative(PUBLIC, f))).toEqual(expect.arrayContaining(['js/app.js', 'js/api.js', 'js/views/planning.view.js']));
  });

  it.each(files.map((f) => [relative(PUBLIC, f), f]))('%s parses and its imports resolve', (_name, file) => {
    const body = parse(file);
    for (const item of body.filter((n) => n.type === 'ImportDeclaration')) {
      const source = (item.source as Named).value;
      expect(source).toMatch(/^\.\.?\/.*\.js$/); // relative, with its extension: nothing from a CDN or a bare name
      const target = resolve(dirname(file), source);
      expect(existsSync(target)).toBe(true);
      const exported = exportedNames(parse(target));
      for (const specifier of item.specifiers as Array<{ type: string; local: Named; imported: Named | null }>) {
        if (specifier.type !== 'ImportSpecifier') continue;
        const name = (specifier.imported ?? specifier.local).value;
        if (!exported.has(name)) throw new Error(`${relative(PUBLIC, file)} imports « ${name} » that ${source} does not export`);
      }
    }
  });

  it('index.html is French and loads only same-origin files', () => {
    const html = readFileSync(join(PUBLIC, 'index.html'), 'utf8');
    expect(html).toMatch(/<html lang="fr">/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toMatch(/<script type="module" src="js\/app\.js">/);
  });
});
