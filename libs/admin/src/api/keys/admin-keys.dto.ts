import { ApiProperty } from '@nestjs/swagger';

export class ReplacedKeyView {
  @ApiProperty({ example: 'k-2026-01' }) kid: string;
  @ApiProperty({ format: 'date-time', example: '2026-01-02T10:10:00.000Z', description: 'It signs until then; afterwards it stays in the JWKS until the last token it signed has expired' })
  signs_until: string;
}

/** The answer of a signing key rotation (published now, signing from activates_at). */
export class RotatedKeysView {
  @ApiProperty({ example: 'k-2026-02', description: 'The new signing key, in the JWKS from now on' }) kid: string;
  @ApiProperty({ enum: ['RS256', 'ES256', 'EdDSA'], example: 'RS256' }) alg: string;
  @ApiProperty({ format: 'date-time', example: '2026-01-02T10:10:00.000Z', description: 'When it starts signing (after the JWKS cache lifetime)' }) activates_at: string;
  @ApiProperty({ type: [ReplacedKeyView], description: 'The keys it replaces' }) replaces: ReplacedKeyView[];
}
