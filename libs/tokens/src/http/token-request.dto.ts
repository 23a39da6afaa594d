import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

const MAX = 2048;

/** POST /oauth2/token, RFC 6749 §4.1.3 / §4.4.2 / §6 (form-encoded; RFC wire names). */
export class TokenRequestDto {
  @ApiProperty({ enum: ['authorization_code', 'refresh_token', 'client_credentials'] })
  @IsString() @MaxLength(64)
  grant_type: string;

  @ApiPropertyOptional({ description: 'authorization_code: the code from the authorization response' })
  @IsOptional() @IsString() @MaxLength(MAX)
  code?: string;

  @ApiPropertyOptional({ description: 'authorization_code: required when it was sent in the authorization request', example: 'https://app.example/cb' })
  @IsOptional() @IsString() @MaxLength(MAX)
  redirect_uri?: string;

  @ApiPropertyOptional({ description: 'authorization_code: the PKCE verifier (RFC 7636), 43-128 characters' })
  @IsOptional() @IsString() @MaxLength(MAX)
  code_verifier?: string;

  @ApiPropertyOptional({ description: 'refresh_token: the refresh token to rotate' })
  @IsOptional() @IsString() @MaxLength(MAX)
  refresh_token?: string;

  @ApiPropertyOptional({ description: 'refresh_token: a narrower scope; client_credentials: the scope wanted', example: 'user_id_read profile' })
  @IsOptional() @IsString() @MaxLength(MAX)
  scope?: string;

  @ApiPropertyOptional({ description: 'client_secret_post and public clients' })
  @IsOptional() @IsString() @MaxLength(64)
  client_id?: string;

  @ApiPropertyOptional({ description: 'client_secret_post only' })
  @IsOptional() @IsString() @MaxLength(MAX)
  client_secret?: string;
}

/** POST /oauth2/revoke (RFC 7009 §2.1) and /oauth2/introspect (RFC 7662 §2.1). */
export class TokenReferenceDto {
  @ApiProperty({ description: 'The access or refresh token' })
  @IsString() @MaxLength(MAX)
  token: string;

  @ApiPropertyOptional({ enum: ['access_token', 'refresh_token'], description: 'Where to look first; an unknown hint is ignored' })
  @IsOptional() @IsString() @MaxLength(64)
  token_type_hint?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64)
  client_id?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX)
  client_secret?: string;
}
