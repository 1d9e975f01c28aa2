export const E2E_PORT = 3107;
export const E2E_PG_PORT = 5497;
export const E2E_DATA_DIR = ".data/e2e";
