import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The JSON error body of the registration and admin APIs (rendered by the global ApiExceptionFilter). */
export class ApiErrorView {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'invalid_request', description: 'A machine-readable code (RFC 6749 / RFC 7591 style)' }) error: string;
  @ApiProperty({ example: 'redirect_uris: "http://acme.example/cb" must use https (http is allowed only for loopback addresses)' })
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
