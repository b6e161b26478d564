/**
 * The progress of a long import, as the administrator watches it: "Đang nhập 120/480 đơn vị…" on
 * one line rewritten in place on a terminal, or a line at every tenth of the way when the output is
 * a file or a pipe (a log must not fill with hundreds of lines). Small files, written before anyone
 * could read a progress line, print none.
 */

/** Files with fewer good rows than this print no progress. */
export const PROGRESS_MIN_ROWS = 100;

/** What the progress is written to: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** An `onProgress(done, total)` that writes the progress line to `out`. */
export function progressLine(out: ProgressStream): (done: number, total: number) => void {
  const number = (n: number) => n.toLocaleString("vi-VN");
  return (done, total) => {
    if (total < PROGRESS_MIN_ROWS) return;
    const text = `Đang nhập ${number(done)}/${number(total)} đơn vị…`;
    if (out.isTTY) {
      out.write(`\r${text}${done === total ? "\n" : ""}`);
    } else if (Math.floor((done * 10) / total) > Math.floor(((done - 1) * 10) / total)) {
      out.write(`${text}\n`);
    }
  };
}
