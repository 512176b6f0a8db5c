// Command-line parsing shared by `npm run server` and `npm start`: --port, --rate and --help
// read and checked once, exiting 2 with the usage line on bad input.
import { parseArgs } from 'node:util';

/**
 * @param {string} usage the usage line printed with --help and after an error
 * @param {{ port: string, rate: string }} defaults
 * @param {import('node:util').ParseArgsConfig['options']} [extra] the command's own options
 * @returns {{ port: number, rate: number, values: Record<string, string | boolean | undefined> }}
 */
export function parseCommandLine(usage, defaults, extra = {}) {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        ...extra,
        port: { type: 'string', default: process.env.PORT ?? defaults.port },
        rate: { type: 'string', default: defaults.rate },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), usage);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const port = Number(values.port);
  const rate = Number(values.rate);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail('--port must be an integer 0-65535', usage);
  }
  if (!Number.isFinite(rate) || rate < 0) fail('--rate must be a number ≥ 0', usage);
  return { port, rate, values };
}

/**
 * @param {string} message
 * @param {string} usage
 * @returns {never}
 */
function fail(message, usage) {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}
