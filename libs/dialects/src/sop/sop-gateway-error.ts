import { sopError, SopErrorBody } from './sop-envelope';

/** A refused gateway call: answered in the signed envelope with code 40002 and a sub_code. */
export class SopGatewayError extends Error {
  readonly body: SopErrorBody;

  constructor(subCode: string, subMsg: string, readonly status = 200, readonly retryAfterSeconds?: number) {
    super(subMsg);
    this.body = sopError(subCode, subMsg);
  }
}
