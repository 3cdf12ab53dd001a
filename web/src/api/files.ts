import { fileClient } from './client';

/**
 * Fetches a PDF or CSV of the API (receipt, completion notice, statement, report CSV) with the
 * access token and hands it to the browser. These routes need the token, so a plain link could
 * not fetch them: the file comes through the console's client (token, refresh, errors thrown as
 * `ApiError` / `NetworkError`) as a blob. Query values that are undefined or empty are left out.
 *
 * A PDF OPENS in a new tab (CONSOLE.md screen 10: "Print receipt opens the PDF"), from where the
 * staff member prints it: nothing with a participant's name piles up in the Downloads folder of a
 * shared desk. The tab is opened at once, while the press still counts as the user's gesture (a
 * tab opened after the fetch would be blocked as a pop-up), shows "Preparing the file…", and is
 * sent to the file when it has come (closed if it fails). Where the browser still refuses the
 * tab, the PDF is saved instead. A CSV is always saved, under `filename`.
 */
export async function downloadFile(
  path: `/api/v1/${string}`,
  filename: string,
  query: Record<string, string | undefined> = {},
): Promise<void> {
  const tab = filename.toLowerCase().endsWith('.pdf') ? openPreparingTab() : null;
  const clean = Object.fromEntries(
    Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  let blob: Blob;
  try {
    const { data } = await fileClient.GET(path, {
      params: { query: clean },
      parseAs: 'blob',
      cache: 'no-store',
    });
    blob = data as Blob;
  } catch (err) {
    tab?.close();
    throw err;
  }
  const url = URL.createObjectURL(blob);
  if (tab && !tab.closed) {
    tab.location.replace(url);
  } else {
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.rel = 'noopener';
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  // The open tab has read the file by then; a reload of it after this no longer finds it.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A new tab saying the file is coming, cut off from the console (no `opener`); null if refused. */
function openPreparingTab(): Window | null {
  const tab = window.open('', '_blank');
  if (!tab) return null;
  try {
    tab.opener = null;
    tab.document.title = 'Preparing the file…';
    tab.document.body.textContent = 'Preparing the file…';
  } catch {
    // A browser that keeps the new tab's document from us still navigates it below.
  }
  return tab;
}
