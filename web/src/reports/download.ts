import { api } from '../api/client';

/**
 * Downloads a CSV or PDF of the API. These routes need the access token, so the file is fetched
 * through the console's client (token, refresh, errors) and handed to the browser as a blob.
 */
export async function downloadFile(
  path: string,
  query: Record<string, string | undefined>,
  filename: string,
): Promise<void> {
  const clean = Object.fromEntries(
    Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  const { data } = await api.GET(
    path as never,
    { params: { query: clean }, parseAs: 'blob', cache: 'no-store' } as never,
  );
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
