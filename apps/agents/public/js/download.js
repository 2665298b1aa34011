// Downloads in the back office: a file built in the page (CSV of a table) or a document the API
// renders (PDF, CSV), fetched with the bearer token since a plain link could not carry it.
import { h } from './dom.js';
import { errorNotice } from './ui.js';

/** Hands `blob` to the browser as a file named `filename`. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by the next tasks; the URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Fetches `path` with the session's token and saves it as `filename`; throws the API's error code. */
export async function downloadFromApi(ctx, path, filename) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${ctx.session?.token ?? ''}` }, credentials: 'omit', cache: 'no-store' });
  if (!response.ok) {
    const payload = await response.json().catch(() => null);
    throw Object.assign(new Error(payload?.error?.message ?? response.statusText), { code: payload?.error?.code ?? `HTTP_${response.status}` });
  }
  saveBlob(await response.blob(), filename);
}

/** A button that downloads `path` as `filename`; a refusal is shown in `slot`. */
export function downloadButton(ctx, label, path, filename, slot, attrs = {}) {
  const button = h('button', { type: 'button', class: 'button button--secondary', ...attrs }, label);
  button.addEventListener('click', async () => {
    slot.replaceChildren();
    button.disabled = true;
    try {
      await downloadFromApi(ctx, path, filename);
    } catch (error) {
      slot.replaceChildren(errorNotice(error));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
