import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** GET /api/v1/me: what the token's scopes allow (PRODUCT.md "Standard endpoints"). */
export class MeView {
  @ApiPropertyOptional({ description: 'Only with scope user_id_read', example: '6f1c3c1e-0d7a-4a4e-9d55-2b1f0f2f8a10' })
  user_id?: string;

  @ApiProperty({ description: "The user's id as seen by this client (pairwise: stable, different for every client)", example: 'Yx3c0mZ2vQ1m8hC4kq9JwEaT5rN7uLbS' })
  openid: string;

  @ApiPropertyOptional({ description: 'Only with scope profile', example: 'alice' })
  username?: string;

  @ApiPropertyOptional({ type: String, description: 'Only with scope profile', example: 'Alice Liu', nullable: true })
  display_name?: string | null;
}
