import { api } from '../api/client';

/**
 * Hands a PDF of the API (receipt, completion notice) to the browser, which opens or saves it for
 * printing. These routes need the access token, so the file is fetched through the console's
 * client (token, refresh, errors) as a blob. (`openFile` in api/client.ts clones the response
 * after openapi-fetch has read its body, which throws.)
 */
export async function downloadPdf(path: string, filename: string): Promise<void> {
  const { data } = await api.GET(path as never, { parseAs: 'blob', cache: 'no-store' } as never);
  const url = URL.createObjectURL(data as unknown as Blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
