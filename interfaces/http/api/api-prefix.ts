/** Where the API answers; its version is in the path. */
export const API_PREFIX = '/api/v1';
