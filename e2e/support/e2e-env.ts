// Where the browser tests run their server. Overridable so that two checkouts can run
// their browser tests on one machine at the same time.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3107);
export const E2E_PG_PORT = Number(process.env.E2E_PG_PORT ?? 5497);
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? ".data/e2e";
