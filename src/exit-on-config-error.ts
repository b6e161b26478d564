/**
 * How every entry point (`npm start`, the council service, the CLIs) reports a configuration it
 * cannot use: the wrong variables and what each expects, in plain text on stderr, then exit status
 * 1. No stack trace: the operator has a setting to fix, not a bug to report.
 */
import { ConfigError } from "./config.ts";

/** The message printed for a {@link ConfigError}: one line per wrong variable. */
export function formatConfigError(err: ConfigError): string {
  return [
    "Cấu hình không hợp lệ / Invalid configuration (.env or environment variables):",
    ...err.problems.map((p) => `  ${p.variable}: ${p.message}`),
    "Xem / see .env.example.",
    "",
  ].join("\n");
}

/**
 * Runs `load` (e.g. `() => loadConfig()`); on a {@link ConfigError} prints it with
 * {@link formatConfigError} and exits with status 1. Any other error is thrown on.
 */
export function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(formatConfigError(err));
    process.exit(1);
  }
}
