import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 6749 §5.2 / RFC 6750 §3.1 error body of the OAuth back channel and the bearer-protected resources. */
export class OAuthErrorView {
  @ApiProperty({ example: 'invalid_grant', description: 'The RFC 6749 / 6750 / 7009 / 8707 error code' })
  error: string;

  @ApiProperty({ example: 'The authorization code is invalid, expired or already used', description: 'Human-readable explanation' })
  error_description: string;
}

/**
 * The JSON error body of the registration and admin APIs (rendered by the global
 * ApiExceptionFilter). For a 400 from the validation pipe, `message` lists one line per invalid
 * field (class-validator's wording) and `error_description` joins them with "; ".
 */
export class ApiErrorView {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'invalid_request', description: 'A machine-readable code (RFC 6749 / RFC 7591 style)' }) error: string;
  @ApiProperty({ example: 'client_name must be shorter than or equal to 128 characters' })
  error_description: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['client_name must be shorter than or equal to 128 characters'],
    description: 'For 400: one message per invalid field',
  })
  message: string | string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { field: 'redirect_uris' } })
  details?: Record<string, unknown>;
}
