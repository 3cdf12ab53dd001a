/**
 * A progress bar on a terminal; on a pipe or file, a plain line every `every` percent so logs
 * stay readable.
 */
export function progressReporter(out: NodeJS.WriteStream = process.stderr, every = 10) {
  const tty = Boolean(out.isTTY);
  let lastPercent = -every;
  let lastDraw = 0;
  return {
    update(stage: string, done: number, total: number): void {
      const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 50 && done < total) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round((percent / 100) * width);
        out.write(
          `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(percent).padStart(3)}% ${stage.padEnd(24)} ${done}/${total}`,
        );
      } else if (percent >= lastPercent + every || done === total) {
        lastPercent = percent;
        out.write(`${percent}% ${stage} (${done}/${total} rows)\n`);
      }
    },
    done(): void {
      if (tty) out.write('\n');
    },
  };
}
