/** Where the console is mounted in the web server; links and redirects are built from it. */
export const CONSOLE_PATH = "/console";
