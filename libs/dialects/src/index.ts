export * from './dialects.module';
export { SopPlatformKey } from './sop/sop-platform-key.service';
export type { PlatformKey } from './sop/sop-platform-key.service';
export { formatSopTimestamp, parseSopTimestamp } from './sop/sop-timestamp';
export { signContent, signRsa2, verifyRsa2 } from './sop/sop-signature';
export { SOP_DEFAULT_REFRESH_GRACE_SECONDS } from './sop/sop-gateway.service';
export { authserverRawUrlAnswer } from './authserver/authserver-raw-url';
