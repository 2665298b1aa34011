import type { OpenApiDocument } from './openapi-document';

/**
 * `/api/docs`: one self-contained HTML page (inline CSS, no script, nothing from a CDN) listing
 * every operation of the OpenAPI document with its access, parameters and schemas.
 */
export function renderDocsPage(doc: OpenApiDocument): string {
  const sections = doc.tags.map((tag) => {
    const operations: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods) as [string, Operation][]) {
        if (op.tags.includes(tag.name)) operations.push(renderOperation(method, path, op, doc.components.schemas));
      }
    }
    return `<section aria-labelledby="tag-${esc(tag.name)}"><h2 id="tag-${esc(tag.name)}">${esc(tag.name)}</h2>${operations.join('\n')}</section>`;
  });
  const schemas = Object.entries(doc.components.schemas)
    .map(([name, schema]) => `<details id="schema-${esc(name)}"><summary>${esc(name)}</summary>${json(schema)}</details>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} ${esc(doc.info.version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:62rem;padding:1rem;color:#1b1b1b}
h1{margin:.2rem 0}h2{border-bottom:2px solid #ddd;margin-top:2rem;text-transform:capitalize}
article{border:1px solid #ccc;border-radius:6px;margin:.8rem 0;padding:.6rem .9rem}
.method{display:inline-block;min-width:4.2rem;font-weight:700;font-family:monospace;color:#fff;border-radius:4px;padding:0 .4rem;text-align:center}
.get{background:#1f5f9e}.post{background:#1e6b35}.put,.patch{background:#7a4b00}.delete{background:#9b1c1c}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f5f5f5;padding:.5rem;overflow:auto;max-height:24rem}
.meta{color:#444}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
a{color:#1f5f9e}:focus{outline:3px solid #ffbf47}
</style>
</head>
<body>
<header><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p></header>
<main>
${sections.join('\n')}
<section aria-labelledby="schemas"><h2 id="schemas">Schemas</h2>${schemas}</section>
</main>
</body>
</html>`;
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  'x-roles': string[];
  'x-idempotency': string;
  parameters?: { name: string; in: string; required: boolean; schema: unknown; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}

function renderOperation(method: string, path: string, op: Operation, components: Record<string, unknown>): string {
  const access = op['x-roles'].length ? `roles: ${op['x-roles'].join(', ')}` : 'public';
  const params = op.parameters?.length
    ? `<table><thead><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr></thead><tbody>${op.parameters
        .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const requestSchema = op.requestBody?.content['application/json']?.schema;
  const body = requestSchema ? `<details><summary>Request body ${refLink(requestSchema)}</summary>${json(resolve(requestSchema, components))}</details>` : '';
  const responses = Object.entries(op.responses)
    .map(([status, r]) => {
      const [contentType, media] = Object.entries(r.content ?? {})[0] ?? [];
      const isError = Number(status) >= 400;
      let schema = '';
      if (media?.schema && isError) schema = ` ${refLink(media.schema)}`;
      else if (media?.schema) schema = `<details><summary>${esc(contentType ?? '')} ${refLink(media.schema)}</summary>${json(resolve(media.schema, components))}</details>`;
      else if (contentType) schema = ` <code>${esc(contentType)}</code>`;
      return `<li><strong>${esc(status)}</strong> ${esc(r.description)}${schema}</li>`;
    })
    .join('');
  return `<article id="op-${esc(op.operationId)}">
<h3><span class="method ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
<p class="meta">${esc(access)} · idempotency: ${esc(op['x-idempotency'])} · operationId <code>${esc(op.operationId)}</code></p>
${params}${body}<ul>${responses}</ul>
</article>`;
}

function refName(schema: unknown): string | undefined {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
}

function refLink(schema: unknown): string {
  const name = refName(schema);
  return name ? `<a href="#schema-${esc(name)}">${esc(name)}</a>` : '';
}

/** A named schema is shown inline too, so each operation reads on its own. */
function resolve(schema: unknown, components: Record<string, unknown>): unknown {
  const name = refName(schema);
  return name && components[name] ? components[name] : schema;
}

function json(value: unknown): string {
  return `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
