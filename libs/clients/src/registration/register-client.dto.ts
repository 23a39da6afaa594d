import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength,
} from 'class-validator';
import { MAX_ALLOWED_ORIGINS } from '../allowed-origins';
import { GRANT_TYPES } from '../client.model';
import type { TokenEndpointAuthMethod } from '../client.model';
import { AUTH_METHODS, DESCRIPTION_MAX, MAX_REDIRECT_URIS, NAME_MAX } from '../registration-input';

/**
 * RFC 7591 §2 client metadata. Fields not listed here (a requested `client_id` among them,
 * RFC 9700 §4.15.1) are refused by the global ValidationPipe (forbidNonWhitelisted).
 */
export class RegisterClientDto {
  @ApiProperty({ example: 'Acme Reader', maxLength: NAME_MAX, description: 'Shown to users on the consent page' })
  @IsString() @IsNotEmpty() @MaxLength(NAME_MAX)
  client_name: string;

  @ApiProperty({
    type: [String], example: ['https://acme.example/oauth/callback'], maxItems: MAX_REDIRECT_URIS,
    description: 'Absolute URIs without fragment or wildcard; https, http only for loopback hosts, or a reverse-domain private-use scheme for native apps. Matched by exact string.',
  })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(MAX_REDIRECT_URIS) @IsString({ each: true }) @MaxLength(2000, { each: true })
  redirect_uris: string[];

  @ApiPropertyOptional({ example: 'Reads your user id to link your Acme account', maxLength: DESCRIPTION_MAX })
  @IsOptional() @IsString() @MaxLength(DESCRIPTION_MAX)
  description?: string;

  @ApiPropertyOptional({ example: 'user_id_read profile', description: 'Space-separated scopes (RFC 7591 §2); default "user_id_read profile"' })
  @IsOptional() @IsString() @MaxLength(1000)
  scope?: string;

  @ApiPropertyOptional({ enum: GRANT_TYPES, isArray: true, example: ['authorization_code', 'refresh_token'] })
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(GRANT_TYPES.length) @IsIn(GRANT_TYPES, { each: true })
  grant_types?: string[];

  @ApiPropertyOptional({ enum: AUTH_METHODS, example: 'client_secret_basic', description: '"none" registers a public client (PKCE required, no secret)' })
  @IsOptional() @IsIn(AUTH_METHODS)
  token_endpoint_auth_method?: TokenEndpointAuthMethod;

  @ApiPropertyOptional({ example: 'Acme Ltd.', maxLength: NAME_MAX, description: 'The registering developer or organization' })
  @IsOptional() @IsString() @MaxLength(NAME_MAX)
  owner_name?: string;

  @ApiPropertyOptional({ example: false, description: 'Require PKCE from this confidential client too (always on for public clients)' })
  @IsOptional() @IsBoolean()
  require_pkce?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['https://acme.example/logged-out'] })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_REDIRECT_URIS) @IsString({ each: true }) @MaxLength(2000, { each: true })
  post_logout_redirect_uris?: string[];

  @ApiPropertyOptional({
    type: [String], example: ['https://spa.acme.example'], maxItems: MAX_ALLOWED_ORIGINS,
    description: 'Browser apps: exact origins (scheme://host[:port], no wildcard) that may call the token, revocation and userinfo '
      + 'endpoints (CORS). Default: the origins of a public client\'s redirect URIs.',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_ALLOWED_ORIGINS) @IsString({ each: true }) @MaxLength(200, { each: true })
  allowed_origins?: string[];

  @ApiPropertyOptional({ description: 'Seed 003: the app RSA public key (PEM) that verifies its gateway signatures', example: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----' })
  @IsOptional() @IsString() @MaxLength(16_384)
  sop_public_key?: string;
}
