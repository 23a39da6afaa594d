import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min,
  ValidateIf,
} from 'class-validator';
import {
  CODE_TTL_MAX, DESCRIPTION_MAX, GRANT_TYPES, MAX_ALLOWED_ORIGINS, MAX_REDIRECT_URIS, NAME_MAX, TOKEN_FORMATS,
} from '@app/clients';

/** Present means "set"; null is refused (unlike @IsOptional, which would let null through). */
const Given = () => ValidateIf((_, value) => value !== undefined);
const TEN_YEARS = 10 * 365 * 86_400;

/** Every field optional; only the fields sent change. null resets a nullable field to the server default. */
export class UpdateClientDto {
  @ApiPropertyOptional({ example: 'Acme Reader', maxLength: NAME_MAX })
  @Given() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX)
  client_name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Reads your user id', maxLength: DESCRIPTION_MAX })
  @IsOptional() @IsString() @MaxLength(DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Acme Ltd.', maxLength: NAME_MAX })
  @IsOptional() @IsString() @MaxLength(NAME_MAX)
  owner_name?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['https://acme.example/oauth/callback'] })
  @Given() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(MAX_REDIRECT_URIS) @IsString({ each: true }) @MaxLength(2000, { each: true })
  redirect_uris?: string[];

  @ApiPropertyOptional({ type: [String], example: [] })
  @Given() @IsArray() @ArrayMaxSize(MAX_REDIRECT_URIS) @IsString({ each: true }) @MaxLength(2000, { each: true })
  post_logout_redirect_uris?: string[];

  @ApiPropertyOptional({
    type: [String], nullable: true, example: ['https://spa.acme.example'], maxItems: MAX_ALLOWED_ORIGINS,
    description: 'Browser apps (CORS): exact origins scheme://host[:port], no wildcard; [] = none; null = the default '
      + '(the origins of a public client\'s redirect URIs)',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_ALLOWED_ORIGINS) @IsString({ each: true }) @MaxLength(200, { each: true })
  allowed_origins?: string[] | null;

  @ApiPropertyOptional({ example: 'user_id_read profile', description: 'Space-separated; every scope must be known' })
  @Given() @IsString() @MaxLength(1000)
  scope?: string;

  @ApiPropertyOptional({ enum: GRANT_TYPES, isArray: true, example: ['authorization_code', 'refresh_token'] })
  @Given() @IsArray() @ArrayNotEmpty() @IsIn(GRANT_TYPES, { each: true })
  grant_types?: string[];

  @ApiPropertyOptional({ example: true })
  @Given() @IsBoolean()
  require_pkce?: boolean;

  @ApiPropertyOptional({ example: false, description: 'Seed 004: POST /oauth2/refresh_token accepts this channel\'s refresh tokens without its secret' })
  @Given() @IsBoolean()
  secretless_refresh?: boolean;

  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 3600, description: 'Seconds; -1 = never expires; null = server default' })
  @IsOptional() @IsInt() @Min(-1) @Max(TEN_YEARS)
  access_token_ttl?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 2592000, description: 'Seconds; -1 = never expires; null = server default' })
  @IsOptional() @IsInt() @Min(-1) @Max(TEN_YEARS)
  refresh_token_ttl?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 60, maximum: CODE_TTL_MAX, description: 'Seconds (1-600); null = server default' })
  @IsOptional() @IsInt() @Min(1) @Max(CODE_TTL_MAX)
  code_ttl?: number | null;

  @ApiPropertyOptional({ example: 0, minimum: 0, maximum: 86400, description: 'Seconds an access token keeps working after its refresh' })
  @Given() @IsInt() @Min(0) @Max(86_400)
  refresh_grace_seconds?: number;

  @ApiPropertyOptional({ enum: TOKEN_FORMATS, example: 'opaque' })
  @Given() @IsIn(TOKEN_FORMATS)
  token_format?: 'opaque' | 'jwt';

  @ApiPropertyOptional({
    type: String, nullable: true, description: 'Seed 003: the app RSA public key (PEM); null removes it',
    example: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA…\n-----END PUBLIC KEY-----',
  })
  @IsOptional() @IsString() @MaxLength(16_384)
  sop_public_key?: string | null;
}
