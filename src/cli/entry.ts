/** Process entry point: run the CLI with the real process and exit with its code. */
import { runCli } from './main.js';

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
