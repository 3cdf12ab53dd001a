import { api } from './client';

/**
 * Downloads a PDF or CSV of the API (receipt, completion notice, statement, report CSV) and hands
 * it to the browser, which opens or saves it. These routes need the access token, so a plain link
 * could not fetch them: the file comes through the console's client (token, refresh, errors
 * thrown as `ApiError` / `NetworkError`) as a blob. Query values that are undefined or empty are
 * left out.
 */
export async function downloadFile(
  path: `/api/v1/${string}`,
  filename: string,
  query: Record<string, string | undefined> = {},
): Promise<void> {
  const clean = Object.fromEntries(
    Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  // The paths are concrete (`/enrollments/<id>/completion-notice.pdf`), not the typed templates.
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
