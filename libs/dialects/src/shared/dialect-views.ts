import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The OpenAPI shapes of the seed dialects' answers (the mappers build them; these classes only
 * describe them, so that the document, the typed client and the schema e2e check see them).
 */

export class ListenerTokenApiView {
  @ApiProperty({ example: 'gha_3q2-7wAbcT0k' }) access_token: string;
  @ApiProperty({ example: 7200, description: 'The lifetime in seconds (the seed\'s name for it)' }) expires_at: number;
  @ApiProperty({ example: '6f1c3c1e-0d7a-4a4e-9d55-2b1f0f2f8a10' }) user_id: string;
  @ApiProperty({ example: 'user_id_read', description: 'Comma-separated' }) scope: string;
}

export class UserIdView {
  @ApiProperty({ example: '6f1c3c1e-0d7a-4a4e-9d55-2b1f0f2f8a10' }) user_id: string;
}

export class OpenIdView {
  @ApiProperty({ example: 'Yx3c0mZ2vQ1m8hC4kq9JwEaT5rN7uLbS', description: 'Pairwise: stable per user and channel' }) openid: string;
}

/** Seed 002's token answer: the standard fields, `scope` null when the authorize request had none, and the openid. */
export class MallTokenApiView {
  @ApiProperty({ example: 'gha_3q2-7wAbcT0k' }) access_token: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' }) token_type: 'Bearer';
  @ApiProperty({ type: 'integer', example: 3600 }) expires_in: number;
  @ApiPropertyOptional({ example: 'ghr_Zx9T0kq4mV2W' }) refresh_token?: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'null when the authorization request carried no scope (the document\'s flow), else the granted scopes' })
  scope: string | null;

  @ApiPropertyOptional({ example: 'Yx3c0mZ2vQ1m8hC4kq9JwEaT5rN7uLbS', description: 'The user\'s pairwise openid' }) openid?: string;
}

export class AuthserverTokenApiView {
  @ApiProperty({ example: 'gha_3q2-7wAbcT0k' }) access_token: string;
  @ApiPropertyOptional({ example: 'ghr_Zx9T0kq4mV2W' }) refresh_token?: string;
  @ApiProperty({ example: 'Yx3c0mZ2vQ1m8hC4kq9JwEaT5rN7uLbS' }) openid: string;
  @ApiProperty({ example: 'snsapi_login' }) scope: string;
  @ApiProperty({ example: 7200 }) expires_in: number;
}

export class AuthserverClientView {
  @ApiProperty({ example: 'a1b2c3d4e5f60718293a4b5c' }) clientId: string;
  @ApiProperty({ example: 'Acme Reader' }) clientName: string;
  @ApiProperty({ example: 'ghs_k8Jq2…', description: 'Shown only here' }) clientSecret: string;
  @ApiProperty({ example: 'Reads the signed-in user\'s id' }) description: string;
  @ApiProperty({ example: 'https://acme.example/cb' }) redirectUrl: string;
  @ApiProperty({ example: 'pending' }) status: string;
}

export class AuthserverRegisteredView {
  @ApiProperty({ example: true }) result: boolean;
  @ApiProperty({ example: 2000 }) errcode: number;
  @ApiProperty({ example: '操作成功' }) msg: string;
  @ApiProperty({ type: AuthserverClientView }) data: AuthserverClientView;
}

export class AuthserverErrorView {
  @ApiProperty({ example: false }) result: boolean;
  @ApiProperty({ example: 4000, description: '4000 + (HTTP status − 400): 4000 bad input, 4001 bad operator token, 4003 registration closed, 4029 throttled' }) errcode: number;
  @ApiProperty({ example: 'clientName: must be a non-empty string' }) msg: string;
}

export class SopTokenPayloadView {
  @ApiProperty({ example: '10000', description: '"10000" on success, "40002" (or another code) on error' }) code: string;
  @ApiProperty({ example: 'Success' }) msg: string;
  @ApiPropertyOptional({ example: 'isv.invalid-signature', description: 'Errors only' }) sub_code?: string;
  @ApiPropertyOptional({ example: 'The signature does not verify', description: 'Errors only' }) sub_msg?: string;
  @ApiPropertyOptional({ example: 'gha_3q2-7wAbcT0k' }) app_auth_token?: string;
  @ApiPropertyOptional({ example: 'ghr_Zx9T0kq4mV2W' }) app_refresh_token?: string;
  @ApiPropertyOptional({ example: 7200 }) expires_in?: number;
  @ApiPropertyOptional({ example: 2592000 }) re_expires_in?: number;
  @ApiPropertyOptional({ example: '6f1c3c1e-0d7a-4a4e-9d55-2b1f0f2f8a10' }) user_id?: string;
}

/** The signed envelope: the payload under `open_auth_token_app_response` (or `error_response`) and the platform's signature. */
export class SopEnvelopeView {
  @ApiPropertyOptional({ type: SopTokenPayloadView }) open_auth_token_app_response?: SopTokenPayloadView;
  @ApiPropertyOptional({ type: SopTokenPayloadView, description: 'When the method could not be read' }) error_response?: SopTokenPayloadView;
  @ApiProperty({ example: 'ry3spfWIqSYXwOKVvD4yn8hy…', description: 'SHA256withRSA over the payload JSON with the platform key (GET /sop/platform-key)' }) sign: string;
}
