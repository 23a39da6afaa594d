/** The JSON error body of the registration and admin APIs lives in common (one home for the document's error bodies). */
export { ApiErrorView } from '@app/common';
