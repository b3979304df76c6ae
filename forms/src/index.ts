/**
 * @senflow/forms
 */
export {}
