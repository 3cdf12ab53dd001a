/**
 * A progress bar on a terminal (stderr); on a pipe or a file, a plain line every tenth so that
 * logs stay readable.
 */
export function progressBar(label: string, out: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(out.isTTY);
  let lastTenth = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done: number, total: number): void {
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 50 && done < total) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round((percent / 100) * width);
        out.write(
          `\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total}`,
        );
        drawn = true;
      } else if (Math.floor(percent / 10) > lastTenth) {
        lastTenth = Math.floor(percent / 10);
        out.write(`${label}: ${percent}% (${done}/${total})\n`);
      }
    },
    done(): void {
      if (tty && drawn) out.write('\n');
    },
  };
}
