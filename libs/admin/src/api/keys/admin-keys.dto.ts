import { ApiProperty } from '@nestjs/swagger';

export class RetiredKeyView {
  @ApiProperty({ example: 'k-2026-01' }) kid: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', example: '2026-01-02T10:00:00.000Z', description: 'Published in the JWKS until then (null: as long as a token it signed may be alive)' })
  published_until: string | null;
}

/** The answer of a signing key rotation. */
export class RotatedKeysView {
  @ApiProperty({ example: 'k-2026-02', description: 'The new signing key' }) kid: string;
  @ApiProperty({ enum: ['RS256', 'ES256', 'EdDSA'], example: 'RS256' }) alg: string;
  @ApiProperty({ type: [RetiredKeyView], description: 'The keys it replaces, still published for verification' }) retired: RetiredKeyView[];
}
