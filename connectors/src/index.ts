/**
 * @senflow/connectors
 */
export {}
